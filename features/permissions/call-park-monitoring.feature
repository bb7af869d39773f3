Feature: CUCM Call Park, and who is told of parked calls
  Cisco Unified CM Feature Configuration Guide, "Call Park": Park puts the other party of a call
  on the first free Call Park number, where it hears hold while the parker's phone shows the number;
  whoever dials the number retrieves the call; a call nobody retrieves within the Call Park
  Reversion Timer (service parameter, 60 s) rings the parker again. Cisco Unified CM System
  Configuration Guide, "Access Control Group Configuration Options": Standard CTI Allow Call Park
  Monitoring "allows an application to receive a notification when calls are parked/unparked to
  all Call Park directory numbers". In the lab (labs/cucm-call-park.yaml): Call Park numbers 7001
  and 7002, phones 1001-1004, park-app (Standard CTI Enabled + Allow Call Park Monitoring, its
  session on 1004) and alice (Standard CTI Enabled only, controls 1001). A monitor on a park number
  gets a QueuedEvent (cause park) when a call is parked there and a ConnectionClearedEvent of the
  park number when it leaves (retrieved or reverted).

  Background:
    Given the CUCM cluster of "labs/cucm-call-park.yaml" is running
    And the cluster's phones are registered

  @CUCM-ACG-009
  Scenario: A park-monitoring user is told of the park and of the retrieval
    Given "park-app" has a CTI session on line "1004" monitoring "7001, 7002"
    When the phone on "1001" calls "1002"
    And the phone on "1002" answers
    Then the phone on "1001" talks to the phone on "1002"
    When the phone on "1001" presses Park
    Then the phone on "1001" shows "Call park At 7001"
    And the phone on "1002" hears hold
    And "park-app" is told the call was parked on "7001"
    When the phone on "1003" calls "7001"
    Then the phone on "1003" talks to the phone on "1002"
    And "park-app" is told the call left "7001"

  @CUCM-ACG-009
  Scenario: A user outside Allow Call Park Monitoring may not monitor a park number and is told nothing of parks
    Given "alice" has a CTI session on line "1001" monitoring "1001"
    When "alice" starts a monitor on "7001"
    Then the CTI request is refused with "operation/privilegeViolationSpecifiedDevice"
    When the phone on "1001" calls "1002"
    And the phone on "1002" answers
    Then the phone on "1001" talks to the phone on "1002"
    When the phone on "1001" presses Park
    Then the phone on "1002" hears hold
    And "alice" gets a ConnectionClearedEvent for "1001"
    When the phone on "1003" calls "7001"
    Then the phone on "1003" talks to the phone on "1002"
    And "alice" has no park notification

  @CUCM-ACG-009
  Scenario: With every park number taken the parker keeps the call and is told so
    Given "park-app" has a CTI session on line "1004" monitoring "7001, 7002"
    When the phone on "1002" calls "1001"
    And the phone on "1001" answers
    And the phone on "1001" presses Park
    Then the phone on "1001" shows "Call park At 7001"
    When the phone on "1003" calls "1001"
    And the phone on "1001" answers
    And the phone on "1001" presses Park
    Then the phone on "1001" shows "Call park At 7002"
    When the phone on "1004" calls "1001"
    And the phone on "1001" answers
    And the phone on "1001" presses Park
    Then the phone on "1001" shows "No Park Number Available"
    And the phone on "1001" talks to the phone on "1004"
    And "park-app" has received 2 QueuedEvents

  @CUCM-ACG-009
  Scenario: Dialling a park number retrieves the parked call and frees the number; an empty one gives fast busy
    Given "park-app" has a CTI session on line "1004" monitoring "7001"
    When the phone on "1001" calls "1002"
    And the phone on "1002" answers
    And the phone on "1001" presses Park
    Then "park-app" is told the call was parked on "7001"
    When the phone on "1003" calls "7001"
    Then the phone on "1003" talks to the phone on "1002"
    And "park-app" is told the call left "7001"
    When the phone on "1004" calls "7001"
    Then the phone on "1004" hears "fast busy"

  @CUCM-ACG-009
  Scenario: A call nobody retrieves rings the parker again after the Call Park Reversion Timer
    Given "park-app" has a CTI session on line "1004" monitoring "7001"
    When the phone on "1001" calls "1002"
    And the phone on "1002" answers
    And the phone on "1001" presses Park
    Then "park-app" is told the call was parked on "7001"
    When 59 seconds pass
    Then the phone on "1001" does not ring
    When 1 seconds pass
    Then the phone on "1001" rings
    And "park-app" is told the call left "7001"
    When the phone on "1001" answers
    Then the phone on "1001" talks to the phone on "1002"
