Feature: Call data follows the call to the next agent
  When an agent transfers the call to another agent on the same ACD, that agent's workstation
  receives the call data including the updates made so far. When the transfer reaches an agent on
  another ACD, the call data reaches that agent's client only through a translation route: the
  route's peripheral announces the call with its data, and the call arrives there with it;
  without one, the remote client gets the call without the data.
  Sources: Cisco "CTI Planning" (UCCE), "Agent Workstation Application" ("If the transfer or
  conference involves an agent on another ACD, the call data is provided to the remote CTI client
  if a translation route is used"); Cisco "CTI Server Message Reference Guide",
  "BEGIN_CALL_EVENT", "CALL_TRANSLATION_ROUTE_EVENT", "CallType Values" (TRANSFER_IN 4).
  The call data is set on the ACD itself here (the requests half serves SET_CALL_DATA_REQ).

  @ACD-WS-006
  Scenario: A blind transfer back to the dialed number: the second agent's workstation gets the call with the first agent's update
    Given the ACD lab "labs/acd-duplex.yaml" is running
    And "desk-5002" opens an agent workstation session for agent "5002" on side A
    And agent "5001" is logged in on the ACD
    And the ACD makes agent "5001" ready
    When the phone "3009" dials "8000"
    And the phone "3001" answers
    Then "desk-5002" has received no BEGIN_CALL_EVENT
    When the ACD sets CallVariable1 of the call at "3001" to "claim-42"
    And agent "5002" is logged in on the ACD
    And the ACD makes agent "5002" ready
    And the agent on "3001" transfers the call to "8000" in a single step
    Then the phone "3002" rings
    And "desk-5002" receives BEGIN_CALL_EVENT with:
      | field              | value    |
      | CallType           | 4        |
      | ConnectionDeviceID | 3002     |
      | ANI                | 3009     |
      | CallVariable1      | claim-42 |
    And "desk-5002" receives CALL_DELIVERED_EVENT with:
      | field            | value    |
      | AlertingDeviceID | 3002     |
      | CallVariable1    | claim-42 |

  @ACD-WS-007 @ACD-BR-001
  Scenario: A transfer through translation route 8100: peripheral 6000 announces the call with its data and agent 6001 gets it
    Given the ACD lab "labs/acd-two-peripherals.yaml" is running
    And "bridge-6000" opens a CTI Bridge session on side A of ACD node "support"
    And "desk-6001" opens an agent workstation session for agent "6001" of ACD node "support" on side A
    And agent "5001" is logged in on the ACD
    And the ACD makes agent "5001" ready
    And agent "6001" is logged in on the ACD
    And the ACD makes agent "6001" ready
    When the phone "3009" dials "8000"
    And the phone "3001" answers
    And the ACD sets CallVariable1 of the call at "3001" to "claim-42"
    And the agent on "3001" transfers the call to "8100" in a single step
    Then the phone "4001" rings
    And "bridge-6000" receives CALL_TRANSLATION_ROUTE_EVENT with:
      | field         | value    |
      | DNIS          | 9100     |
      | ANI           | 3009     |
      | CallVariable1 | claim-42 |
    And "desk-6001" receives BEGIN_CALL_EVENT with:
      | field              | value    |
      | CallType           | 4        |
      | ConnectionDeviceID | 4001     |
      | DNIS               | 9100     |
      | CallVariable1      | claim-42 |

  @ACD-WS-007
  Scenario: A transfer straight to 9100, without the translation route: agent 6001 gets the call without the data
    Given the ACD lab "labs/acd-two-peripherals.yaml" is running
    And "bridge-6000" opens a CTI Bridge session on side A of ACD node "support"
    And "desk-6001" opens an agent workstation session for agent "6001" of ACD node "support" on side A
    And agent "5001" is logged in on the ACD
    And the ACD makes agent "5001" ready
    And agent "6001" is logged in on the ACD
    And the ACD makes agent "6001" ready
    When the phone "3009" dials "8000"
    And the phone "3001" answers
    And the ACD sets CallVariable1 of the call at "3001" to "claim-42"
    And the agent on "3001" transfers the call to "9100" in a single step
    Then the phone "4001" rings
    And "desk-6001" receives BEGIN_CALL_EVENT with:
      | field         | value |
      | CallType      | 1     |
      | DNIS          | 9100  |
      | CallVariable1 |       |
    And "bridge-6000" has received no CALL_TRANSLATION_ROUTE_EVENT
