Feature: A call through the ACD, seen by a CTI Bridge, across a CTI Server failover
  The issue's walkthrough on the embedded lab: a CTI Bridge on side A logs agent 5001 in and makes
  it ready; a customer on 3009 calls 8000, which queues to Sales and reaches 5001; the bridge sees
  the call's events from BEGIN_CALL to END_CALL and sets call data; when side A dies the bridge
  reopens its session on side B and the call's data is still there.
  Sources: Cisco "CTI Planning" (UCCE), "CTI Server" (call events at each stage of the call flow),
  "CTI Server Fault Tolerance" (call history and call variable updates remain in effect when the
  connection is reestablished); Cisco "CTI Server Message Reference Guide", "BEGIN_CALL_EVENT",
  "CALL_DATA_UPDATE_EVENT", "SET_CALL_DATA_REQ".

  Background:
    Given the ACD lab "labs/acd-duplex.yaml" is running
    And "bridge" opens a CTI Bridge session on side A
    When "bridge" logs agent "5001" in with password "5001-pw"
    Then the CTI answer is SET_AGENT_STATE_CONF
    When "bridge" makes agent "5001" ready
    Then the CTI answer is SET_AGENT_STATE_CONF
    And agent "5001" is AVAILABLE

  @ACD-SRV-002 @ACD-FT-003
  Scenario: 3009 calls 8000, agent 5001 answers; the call data survives the loss of side A
    When the phone "3009" dials "8000"
    Then the phone "3001" rings
    When the phone "3001" answers
    Then "bridge" receives these events in order:
      | BEGIN_CALL_EVENT       |
      | CALL_DELIVERED_EVENT   |
      | CALL_ESTABLISHED_EVENT |
    And agent "5001" becomes TALKING
    When "bridge" sets CallVariable1 to "claim-42" on the call at "3001"
    Then the CTI answer is SET_CALL_DATA_CONF
    And "bridge" receives CALL_DATA_UPDATE_EVENT with:
      | field         | value    |
      | CallVariable1 | claim-42 |
    When side A of the CTI Server dies
    Then "bridge" is back in session on side B
    And "bridge" receives BEGIN_CALL_EVENT with:
      | field         | value    |
      | CallVariable1 | claim-42 |
      | ANI           | 3009     |
      | DialedNumber  | 8000     |
    When the phone "3009" hangs up
    Then "bridge" receives these events in order:
      | CALL_CLEARED_EVENT |
      | END_CALL_EVENT     |
    And agent "5001" becomes WORK_READY
