Feature: Silent monitoring and call recording need their access control group on a controlled device
  Cisco Unified CM System Configuration Guide, "Configure CTI Applications" > "Access Control
  Group Configuration Options": Standard CTI Allow Call Monitoring lets an application monitor
  calls, Standard CTI Allow Call Recording lets it record them, each on the devices in the user's
  Controlled Devices unless the user is in Standard CTI Allow Control of All Devices too. Over
  TR/87, silent monitoring is ECMA-269 Single Step Conference Call with participationType silent
  (the supervisor phone joins the call, hears both sides and is not heard) and recording is
  ECMA-269 Record Message on the call (voice unit services, with the Record and Stop events).
  A refused request is CSTA operation privilegeViolationSpecifiedDevice and leaves the call as it
  was. In the lab (labs/cucm-roles.yaml): agents on 1001 and 1002, the supervisor phone on 1003,
  customers on 1004 and 1005; mona (Call Monitoring) and rick (Call Recording) control 1001 and
  the supervisor phone, ursula has both roles and Control of All Devices, pat has both roles and
  controls only the supervisor phone, plain has no role and controls 1001 and the supervisor
  phone. "monitor" below joins the supervisor phone 1003 silently.

  Background:
    Given the CUCM cluster of "labs/cucm-roles.yaml" is running
    And the cluster's phones are registered

  @CUCM-ACG-006 @CUCM-ACG-007 @CUCM-ACG-008 @CUCM-ACG-010
  Scenario Outline: Role x service x device: who may monitor or record which call
    Given a customer on "<customer>" is talking to the agent on "<agent>"
    And "<user>" opens a CTI session on line "<line>"
    When "<user>" asks to <service> the call at "<agent>"
    Then the CTI request <outcome>
    And the call at "<agent>" is <effect>

    Examples: Call Monitoring, on the controlled agent phone only
      | user | line | service | customer | agent | outcome                                                       | effect                          |
      | mona | 1001 | monitor | 1004     | 1001  | succeeded                                                     | monitored silently from "1003"  |
      | mona | 1001 | monitor | 1005     | 1002  | is refused with "operation/privilegeViolationSpecifiedDevice" | neither monitored nor recorded  |
      | mona | 1001 | record  | 1004     | 1001  | is refused with "operation/privilegeViolationSpecifiedDevice" | neither monitored nor recorded  |

    Examples: Call Recording, on the controlled agent phone only
      | user | line | service | customer | agent | outcome                                                       | effect                          |
      | rick | 1001 | record  | 1004     | 1001  | succeeded                                                     | recorded for "rick"             |
      | rick | 1001 | record  | 1005     | 1002  | is refused with "operation/privilegeViolationSpecifiedDevice" | neither monitored nor recorded  |
      | rick | 1001 | monitor | 1004     | 1001  | is refused with "operation/privilegeViolationSpecifiedDevice" | neither monitored nor recorded  |

    Examples: Allow Control of All Devices lifts the controlled-devices condition (CUCM-ACG-007)
      | user   | line | service | customer | agent | outcome   | effect                          |
      | ursula | 1003 | monitor | 1004     | 1001  | succeeded | monitored silently from "1003"  |
      | ursula | 1003 | monitor | 1005     | 1002  | succeeded | monitored silently from "1003"  |
      | ursula | 1003 | record  | 1005     | 1002  | succeeded | recorded for "ursula"           |

    Examples: The role without the device and without Control of All Devices, or no role at all
      | user  | line | service | customer | agent | outcome                                                       | effect                          |
      | pat   | 1003 | monitor | 1004     | 1001  | is refused with "operation/privilegeViolationSpecifiedDevice" | neither monitored nor recorded  |
      | pat   | 1003 | record  | 1005     | 1002  | is refused with "operation/privilegeViolationSpecifiedDevice" | neither monitored nor recorded  |
      | plain | 1001 | monitor | 1004     | 1001  | is refused with "operation/privilegeViolationSpecifiedDevice" | neither monitored nor recorded  |
      | plain | 1001 | record  | 1004     | 1001  | is refused with "operation/privilegeViolationSpecifiedDevice" | neither monitored nor recorded  |

  @CUCM-ACG-008
  Scenario: The supervisor phone hears both sides, is not heard, and leaves with the call
    Given a customer on "1004" is talking to the agent on "1001"
    And "mona" has a CTI session on line "1001" monitoring "1001"
    When "mona" asks to monitor the call at "1001" silently from "1003"
    Then the CTI request succeeded
    And "mona" gets a ConferencedEvent for "1003"
    And the phone on "1003" is in a connected call
    And the phone on "1003" receives the call and sends nothing
    And the phones on "1004" and "1001" still send to each other
    When the customer on "1004" hangs up
    Then the phone on "1003" has no call any more
    And the phone on "1003" has no media open

  @CUCM-ACG-010
  Scenario: A recording runs from the request until the call ends, timed by the lab clock
    Given a customer on "1004" is talking to the agent on "1001"
    And "rick" has a CTI session on line "1001" monitoring "1001"
    When "rick" asks to record the call at "1001"
    Then the CTI request succeeded
    And "rick" gets a RecordEvent for "1001"
    And the call at "1001" is recorded for "rick"
    When 30 seconds pass
    And the customer on "1004" hangs up
    Then "rick" gets a StopEvent for "1001"
    And the cluster's recording of the call at "1001" lasted 30 seconds
