Feature: ICM call data through the CTI Server
  While the agent handles the call, a CTI client sets the call's ICM call data (ANI, DNIS, CED,
  user-to-user information, call variables 1-10, ECC variables) with SET_CALL_DATA_REQ; the ACD
  keeps it, confirms it and tells the call's other clients with CALL_DATA_UPDATE_EVENT; a client
  reads it back from SNAPSHOT_CALL_REQ. A CTI Bridge may do all an agent workstation does, for any
  agent of the peripheral.
  Sources: Cisco "CTI Planning" (UCCE), "Third-Party Call Control" ("Get/Set ICM call data"),
  "CTI Server Messages" (Call Data Update), "Agent Workstation Application", "CTI Bridge
  Application"; Cisco "CTI Server Message Reference Guide", chapter 5 "Call Data Update Service",
  SNAPSHOT_CALL_CONF, chapter 6 status codes.

  Background:
    Given the ACD lab "labs/acd-duplex.yaml" is running
    And "bridge" opens a CTI Bridge session on side A
    And "desk" opens an agent workstation session for agent "5001" on side A
    When "desk" logs agent "5001" in with password "5001-pw"
    And "desk" makes agent "5001" ready
    And the phone "3009" dials "8000"
    And the phone "3001" answers
    Then agent "5001" becomes TALKING

  @ACD-MSG-006 @ACD-TPC-009
  Scenario: SET_CALL_DATA_REQ sets ANI, DNIS, CED, UUI, call variables and ECC variables; SNAPSHOT_CALL_REQ reads them back
    When "bridge" sets the call data of the call at "3001":
      | field               | value               |
      | ANI                 | 5551234             |
      | DNIS                | 8000                |
      | CallerEnteredDigits | 42                  |
      | UserToUserInfo      | order-7             |
      | CallVariable1       | claim-42            |
      | CallVariable10      | vip                 |
      | NamedVariable       | user.account=A-7    |
      | NamedArray          | user.items[2]=modem |
    Then the CTI answer is SET_CALL_DATA_CONF
    When "bridge" sends SNAPSHOT_CALL_REQ for the call at "3001"
    Then the CTI answer is SNAPSHOT_CALL_CONF
    And the CTI answer has:
      | field               | value               |
      | CallType            | 1                   |
      | ANI                 | 5551234             |
      | DNIS                | 8000                |
      | DialedNumber        | 8000                |
      | CallerEnteredDigits | 42                  |
      | UserToUserInfo      | order-7             |
      | CallVariable1       | claim-42            |
      | CallVariable10      | vip                 |
      | NamedVariable       | user.account=A-7    |
      | NamedArray          | user.items[2]=modem |
      | NumCallDevices      | 2                   |
    And "desk" receives CALL_DATA_UPDATE_EVENT with:
      | field         | value    |
      | CallVariable1 | claim-42 |

  @ACD-WS-004
  Scenario: The agent's workstation updates call data; the update is kept, confirmed and reported to the bridge
    When "desk" sets the call data of the call at "3001":
      | field         | value     |
      | CallVariable2 | callback  |
    Then the CTI answer is SET_CALL_DATA_CONF
    When "desk" sends SNAPSHOT_CALL_REQ for the call at "3001"
    Then the CTI answer has:
      | field         | value    |
      | CallVariable2 | callback |
    And "bridge" receives CALL_DATA_UPDATE_EVENT with:
      | field         | value    |
      | CallVariable2 | callback |

  @ACD-MSG-006 @bad-input
  Scenario: Bad call data is refused with the precise status and changes nothing
    When "desk" sets the call data of the call at "3001":
      | field         | value     |
      | CallVariable3 | kept?     |
      | NamedVariable | bad name!=x |
    Then the CTI answer is FAILURE_CONF with status E_CTI_VALUE_TOO_LONG
    When "desk" sets the call data of the call at "3001":
      | field        | value |
      | DialedNumber | 9999  |
    Then the CTI answer is FAILURE_CONF with status E_CTI_PROTECTED_VARIABLE
    When "desk" sends SET_CALL_DATA_REQ with:
      | field              | value |
      | ConnectionCallID   | 999   |
      | ConnectionDeviceID | 3001  |
      | CallVariable1      | x     |
    Then the CTI answer is FAILURE_CONF with status E_CTI_INVALID_CALLID
    When "desk" sends SNAPSHOT_CALL_REQ for the call at "3001"
    Then the CTI answer has:
      | field         | value |
      | DialedNumber  | 8000  |
      | CallVariable3 |       |

  @ACD-BR-002
  Scenario: A CTI Bridge does for agent 5002 all a workstation does: login, ready, answer, call data, hang up, wrap-up
    When "bridge" logs agent "5002" in with password "5002-pw"
    And "bridge" makes agent "5002" ready
    And the phone "3002" has no call
    And "bridge" sends MAKE_CALL_REQ with:
      | field           | value |
      | AgentInstrument | 3001  |
      | DialedNumber    | 8000  |
    Then the phone "3002" rings
    When "bridge" sends ANSWER_CALL_REQ for the call at "3002"
    Then the CTI answer is ANSWER_CALL_CONF
    And agent "5002" becomes TALKING
    When "bridge" sets the call data of the call at "3002":
      | field         | value    |
      | CallVariable5 | escalate |
    Then the CTI answer is SET_CALL_DATA_CONF
    When the call at "3002" is remembered as "the escalation"
    And "bridge" sends CLEAR_CONNECTION_REQ for the call at "3002"
    Then agent "5002" becomes WORK_READY
    When "bridge" sends SET_CALL_DATA_REQ for the call remembered as "the escalation" with:
      | field          | value     |
      | CallWrapupData | escalated |
    Then the CTI answer is SET_CALL_DATA_CONF
    When "bridge" makes agent "5002" ready
    Then agent "5002" becomes AVAILABLE
    And the termination call detail of agent "5002" has wrap-up data "escalated"
