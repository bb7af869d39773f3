@failover
Feature: The ACD lab on the lab runtimes: a duplexed CTI Server whose active side dies
  The ACD lab of labs/acd-duplex.yaml (issue 11: peripheral 5000, agents 5001 and 5002 on phones
  SEP0000000AC001 / SEP0000000AC002, a customer phone SEP0000000AC009, dialled number 8000 queueing
  to skill group Sales, a CTI Server with sides A and B) runs in a lab of the scenario's runtime
  (embedded in `npm test`'s feature run; the process runtime in the failoverProcess profile: one
  `ctilab serve acd --console` child, its phones in a `ctilab phones` child; the containers runtime
  in the failoverContainers profile: one container running `ctilab serve acd --admin`, its phones
  in another). The lab's fault verbs on the ACD node act on its CTI Server
  (simulators/runtime/acd-lab-unit.ts): kill fails the active side, restore brings it back as
  standby. The CTI clients are real GED-188 clients of the test on the real clock. Cisco Unified
  ICM / Unified CCE "CTI Planning": "CTI Server Fault Tolerance", "Fail-over Strategy for CTI
  Clients", "Well-Known Port for CTI Server"; CTI Server Message Reference Guide, "OPEN_REQ",
  "FAILURE_CONF".

  Background:
    Given the ACD lab "labs/acd-duplex.yaml" is up on the scenario runtime
    Then in the ACD lab, the phones "SEP0000000AC001, SEP0000000AC002, SEP0000000AC009" are registered with "acd"

  @ACD-COM-002
  Scenario: Each side listens on the port the topology gives it
    Then in the ACD lab, side "A" of "acd" listens on port 42027 and side "B" on port 43027
    And in the ACD lab, side "A" of "acd" is active and sides "A, B" listen

  @ACD-FT-001
  Scenario: Only the active side accepts sessions; the standby refuses OPEN_REQ
    When in the ACD lab, the CTI Bridge "bridge" opens a session given sides "A, B" of "acd"
    Then in the ACD lab, "bridge" is in session on side "A"
    When in the ACD lab, a client "probe" with ClientID "bridge" tries once to open a session on side "B" of "acd"
    Then in the ACD lab, "probe" is refused with FAILURE_CONF E_CTI_SERVER_NOT_MASTER

  @ACD-FT-002 @ACD-FT-004
  Scenario: The active side dies: the bridge reopens on the other side; the dead side comes back as standby
    Given in the ACD lab, the CTI Bridge "bridge" opens a session given sides "A, B" of "acd"
    When the lab fault "kill" hits "acd"
    Then in the ACD lab, side "B" of "acd" is active and sides "B" listen
    And in the ACD lab, "bridge" is in session on side "B"
    When in the ACD lab, the CTI Bridge "late-bridge" opens a session given sides "A, B" of "acd"
    Then in the ACD lab, "late-bridge" opened 1 session and was refused or cut off on side "A" first
    And in the ACD lab, "late-bridge" is in session on side "B"
    When the lab fault "restore" hits "acd"
    Then in the ACD lab, side "B" of "acd" is active and sides "A, B" listen
    When in the ACD lab, a client "probe" with ClientID "bridge" tries once to open a session on side "A" of "acd"
    Then in the ACD lab, "probe" is refused with FAILURE_CONF E_CTI_SERVER_NOT_MASTER

  # Needs the requests and events halves of the ACD CTI Server (acd-cti-requests.ts,
  # acd-cti-events.ts); skipped with that reason on a build without them.
  Scenario: A customer's call reaches the logged-in agent; after the failover the agent is still logged in
    Given in the ACD lab, the CTI Bridge "bridge" opens a session given sides "A, B" of "acd"
    And in the ACD lab, agent "5001" logs in with password "5001-pw" on extension "3001" of "acd" and becomes available
    When in the ACD lab, "bridge" calls "8000" from "3009" on "acd"
    Then in the ACD lab, "bridge" gets a CALL_DELIVERED_EVENT for "3001"
    When the lab fault "kill" hits "acd"
    Then in the ACD lab, "bridge" is in session on side "B"
    And in the ACD lab, "bridge" reads agent "5001" logged in on "acd"
