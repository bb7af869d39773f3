Feature: CUCM CTI redundancy: CallManager node failure, CTIManager failure, application failure
  Cisco Unified CM System Configuration Guide, "Configure CTI Applications": "CTI Redundancy on
  Cisco Unified Communications Manager", "CTI Redundancy on CTIManager" and "CTI Redundancy for
  Application Failure"; the events around a failover follow the JTAPI / TSP guides
  (OutOfServiceEvent, then BackInServiceEvent; reference facts in conformance/rules/cucm-cti-rules.ts).
  Lab labs/cucm-redundancy.yaml: CM group G1 = [cucm-sub1, cucm-pub]; the CTI gateway uses the
  CTIManagers [cucm-sub1, cucm-pub]; RP2000 forwards on no answer to 1003 and on failure to 1002.

  Background:
    Given the CUCM cluster of "labs/cucm-redundancy.yaml" is running
    And the cluster's phones are registered

  @CUCM-RED-002 @CUCM-RED-004
  Scenario: A phone the application has open is reopened when it fails over
    Given "carol" has a CTI session on line "1001" monitoring "1001"
    Then the CTI session of "carol" is served by "cucm-sub1"
    When the CallManager service of "cucm-sub1" fails
    Then the phone on "1001" is registered with "cucm-pub"
    And "carol" gets an OutOfServiceEvent and then a BackInServiceEvent for "1001"
    And "carol" received exactly one OutOfServiceEvent for "1001"
    And "carol" received exactly one BackInServiceEvent for "1001"
    When "carol" makes a call from "1001" to "1002"
    Then the CTI request succeeded
    And the phone on "1002" rings
    And "carol" gets a DeliveredEvent for "1002"

  @CUCM-RED-003 @CUCM-RED-004
  Scenario: A phone that did not fail over cannot be opened
    Given "carol" has a CTI session on line "1001" monitoring "1001"
    When the CallManager service of "cucm-sub1" fails
    And the CallManager service of "cucm-pub" fails
    Then the phone on "1002" is registered nowhere
    When "carol" starts a monitor on "1002"
    Then the CTI request is refused with "systemResourceAvailibility/deviceOutOfService"
    And "carol" gets no BackInServiceEvent within 10 seconds

  @CUCM-RED-001
  Scenario: Route points registered on a failed node are reopened on the next node of the group
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    When the CallManager service of "cucm-sub1" fails
    Then "rp-app" gets an OutOfServiceEvent and then a BackInServiceEvent for "2000"
    And "rp-app" received exactly one OutOfServiceEvent for "2000"
    And "rp-app" received exactly one BackInServiceEvent for "2000"
    And the phone on "1002" is registered with "cucm-pub"
    When the phone on "1002" calls "2000"
    Then "rp-app" gets a DeliveredEvent for "2000"

  @CUCM-RED-005 @CUCM-RED-007
  Scenario: A CTIManager fails: the application is told, reconnects through the backup and reopens its devices
    Given "carol" has a CTI session on line "1001" monitoring "1001"
    When the phone on "1002" calls "1001"
    And the phone on "1001" answers
    And the CTIManager service of "cucm-sub1" fails
    Then "carol" gets a OutOfServiceEvent for "1001"
    And the CTI session of "carol" has ended
    When "carol" opens a CTI session on line "1001"
    Then the CTI session of "carol" is served by "cucm-pub"
    When "carol" starts a monitor on "tel:1001;device=SEP0000000CA001"
    Then the CTI request succeeded
    When "carol" takes a snapshot of "1001"
    Then the CTI snapshot lists 1 call

  @CUCM-RED-009
  Scenario: Applications do not return to the primary CTIManager when it comes back
    Given "carol" has a CTI session on line "1001" monitoring "1001"
    When the CTIManager service of "cucm-sub1" fails
    And "carol" opens a CTI session on line "1001"
    And "carol" starts a monitor on "1001"
    And the CTIManager service of "cucm-sub1" comes back
    Then "carol" got no BYE
    And the CTI session of "carol" is served by "cucm-pub"
    When "carol" makes a call from "1001" to "1002"
    Then the CTI request succeeded

  @CUCM-RED-010
  Scenario: A restarted application fails back to the primary CTIManager
    Given "carol" has a CTI session on line "1001" monitoring "1001"
    When the CTIManager service of "cucm-sub1" fails
    And "carol" opens a CTI session on line "1001"
    And the CTIManager service of "cucm-sub1" comes back
    And "carol" opens a CTI session on line "1001"
    Then the CTI session of "carol" is served by "cucm-sub1"

  @CUCM-RED-011
  Scenario: An application on the backup fails back to the primary when the backup fails
    Given "carol" has a CTI session on line "1001" monitoring "1001"
    When the CTIManager service of "cucm-sub1" fails
    And "carol" opens a CTI session on line "1001"
    And the CTIManager service of "cucm-sub1" comes back
    And the CTIManager service of "cucm-pub" fails
    Then the CTI session of "carol" has ended
    When "carol" opens a CTI session on line "1001"
    Then the CTI session of "carol" is served by "cucm-sub1"
    When "carol" starts a monitor on "1001"
    Then the CTI request succeeded

  @CUCM-RED-013
  Scenario: Calls present at a failed application's route point go to Call Forward on Failure
    Given "rp-app" opens a CTI session on line "2000" that it never refreshes
    And "rp-app" starts a monitor on "2000"
    When the phone on "1001" calls "2000"
    And "rp-app" answers the call at "2000"
    Then the CTI request succeeded
    When 200 seconds pass
    Then the CTI session of "rp-app" has ended
    And the phone on "1002" rings

  @CUCM-RED-014 @CUCM-RED-015
  Scenario: After an application failure new calls go to CFNA until the application reopens the route point
    Given "rp-app" opens a CTI session on line "2000" that it never refreshes
    And "rp-app" starts a monitor on "2000"
    When 200 seconds pass
    Then the CTI session of "rp-app" has ended
    When the phone on "1001" calls "2000"
    Then the phone on "1003" rings
    When the phone on "1003" answers
    And "rp-app" has a CTI session on line "2000" monitoring "2000"
    And the phone on "1002" calls "2000"
    Then "rp-app" gets a DeliveredEvent for "2000"
    And the phone on "1003" does not ring

  @CUCM-RED-008
  Scenario: A phone can be reopened before it re-homes, and controlled once it has
    Given "carol" has a CTI session on line "1001" monitoring "1001"
    When the CallManager service of "cucm-sub1" fails
    And the CallManager service of "cucm-pub" fails
    Then the phone on "1001" is registered nowhere
    When the CTIManager service of "cucm-sub1" fails
    Then the CTI session of "carol" has ended
    When "carol" opens a CTI session on line "1001"
    Then the CTI session of "carol" is served by "cucm-pub"
    When the CallManager service of "cucm-pub" comes back
    And "carol" starts a monitor on "1001"
    Then the CTI request succeeded
    When "carol" makes a call from "1001" to "1002"
    Then the CTI request is refused with "systemResourceAvailibility/deviceOutOfService"
    And the phone on "1001" is registered with "cucm-pub"
    And "carol" gets a BackInServiceEvent for "1001"
    When "carol" makes a call from "1001" to "1002"
    Then the CTI request succeeded
    And the phone on "1002" rings
