Feature: Third-party call control through the CTI Server
  A CTI client with no physical link to the teleset controls it through the CTI Server: answer and
  hang up, hold, unhold and swap hold, make a call, redirect, DTMF, consultative and blind
  transfer and conference. Each request moves the call as the same action on the agent's SCCP
  phone does, and the phones follow. A CTI Bridge may control any teleset; an agent workstation
  only its own. A session that was not granted Client Control cannot control anything.
  Sources: Cisco "CTI Planning" (UCCE), "Third-Party Call Control", "CTI Bridge Application",
  "CTI Server Messages" (Client Control); Cisco "CTI Server Message Reference Guide", chapter 5
  "Client Control Service", table 4-1 "CTI Service Masks", chapter 6 status and ControlFailureCode
  values.

  Background:
    Given the ACD lab "labs/acd-duplex.yaml" is running
    And "bridge" opens a CTI Bridge session on side A
    When "bridge" logs agent "5001" in with password "5001-pw"
    And "bridge" makes agent "5001" ready
    And the phone "3009" dials "8000"
    Then the phone "3001" rings

  @ACD-TPC-001 @ACD-TPC-003
  Scenario: ANSWER_CALL_REQ answers the ringing call on the agent's phone; CLEAR_CONNECTION_REQ hangs it up
    When "bridge" sends ANSWER_CALL_REQ for the call at "3001"
    Then the CTI answer is ANSWER_CALL_CONF
    And the phone "3001" has a call in state Connected
    And the phone "3009" has a call in state Connected
    And agent "5001" becomes TALKING
    When "bridge" sends CLEAR_CONNECTION_REQ for the call at "3001"
    Then the CTI answer is CLEAR_CONNECTION_CONF
    And the phone "3001" has no call
    And agent "5001" becomes WORK_READY
    And "bridge" receives these events in order:
      | CALL_DELIVERED_EVENT          |
      | CALL_ESTABLISHED_EVENT        |
      | CALL_CONNECTION_CLEARED_EVENT |
      | CALL_CLEARED_EVENT            |
      | END_CALL_EVENT                |

  @ACD-TPC-003
  Scenario: RELEASE_CALL_REQ ends the client's call data updates and does not disconnect the call; CLEAR_CALL_REQ does
    When the phone "3001" answers
    Then agent "5001" becomes TALKING
    When "bridge" sends RELEASE_CALL_REQ for the call at "3001"
    Then the CTI answer is RELEASE_CALL_CONF
    And the phone "3001" has a call in state Connected
    When "bridge" sends CLEAR_CALL_REQ for the call at "3009"
    Then the CTI answer is CLEAR_CALL_CONF
    And the phone "3001" has no call
    And the phone "3009" has no call

  @ACD-TPC-010
  Scenario: Hold, unhold and swap hold
    When the phone "3001" answers
    Then agent "5001" becomes TALKING
    When "bridge" sends HOLD_CALL_REQ for the call at "3001"
    Then the CTI answer is HOLD_CALL_CONF
    And the phone "3001" has a call in state Hold
    And agent "5001" becomes HOLD
    And "bridge" receives CALL_HELD_EVENT with:
      | field            | value |
      | HoldingDeviceID  | 3001  |
    When "bridge" sends RETRIEVE_CALL_REQ for the call at "3001"
    Then the CTI answer is RETRIEVE_CALL_CONF
    And agent "5001" becomes TALKING
    And "bridge" receives CALL_RETRIEVED_EVENT with:
      | field               | value |
      | RetrievingDeviceID  | 3001  |
    When "bridge" sends CONSULTATION_CALL_REQ for the call at "3001" with:
      | field        | value |
      | DialedNumber | 3002  |
    Then the CTI answer is CONSULTATION_CALL_CONF
    And the phone "3002" rings
    When the phone "3002" answers
    Then the phone "3002" has a call in state Connected
    When "bridge" sends SNAPSHOT_DEVICE_REQ with:
      | field           | value |
      | AgentInstrument | 3001  |
    Then the CTI answer has:
      | field     | value |
      | NumCalls  | 2     |
      | CallState | 4,3   |
    When "bridge" sends ALTERNATE_CALL_REQ for the calls at "3001"
    Then the CTI answer is ALTERNATE_CALL_CONF
    When "bridge" sends SNAPSHOT_DEVICE_REQ with:
      | field           | value |
      | AgentInstrument | 3001  |
    Then the CTI answer has:
      | field     | value |
      | CallState | 3,4   |
    And the phone "3001" has a call in state Hold

  @ACD-TPC-010 @bad-input
  Scenario: Holding a call that is not talking and retrieving one that is not held are refused
    When "bridge" sends HOLD_CALL_REQ for the call at "3001"
    Then the CTI answer is CONTROL_FAILURE_CONF with failure code 24
    When the phone "3001" answers
    Then agent "5001" becomes TALKING
    When "bridge" sends RETRIEVE_CALL_REQ for the call at "3001"
    Then the CTI answer is CONTROL_FAILURE_CONF with failure code 25

  @ACD-TPC-011
  Scenario: MAKE_CALL_REQ places a call from the agent's phone to the dialed number
    When "bridge" sends MAKE_CALL_REQ with:
      | field           | value |
      | AgentInstrument | 3002  |
      | DialedNumber    | 3009  |
    Then the CTI answer is MAKE_CALL_CONF
    And the CTI answer has:
      | field                 | value |
      | NewConnectionDeviceID | 3002  |
    And the phone "3009" has a call in state RingIn

  @ACD-TPC-011 @bad-input
  Scenario: MAKE_CALL_REQ with digits that cannot be dialled is refused with CF_INVALID_DESTINATION
    When "bridge" sends MAKE_CALL_REQ with:
      | field           | value |
      | AgentInstrument | 3002  |
      | DialedNumber    | 30x9  |
    Then the CTI answer is CONTROL_FAILURE_CONF with failure code 14

  @ACD-TPC-012
  Scenario: DEFLECT_CALL_REQ redirects the call ringing at the agent to another phone; the agent is free again
    When "bridge" sends DEFLECT_CALL_REQ for the call at "3001" with:
      | field          | value |
      | CalledDeviceID | 3002  |
    Then the CTI answer is DEFLECT_CALL_CONF
    And the phone "3002" rings
    And the phone "3001" has no call
    And agent "5001" becomes AVAILABLE
    And "bridge" receives CALL_DIVERTED_EVENT with:
      | field             | value |
      | DivertingDeviceID | 3001  |
      | CalledDeviceID    | 3002  |

  @ACD-TPC-007
  Scenario: SEND_DTMF_SIGNAL_REQ sends the digits on the talking call; on a ringing one it is refused
    When "bridge" sends SEND_DTMF_SIGNAL_REQ for the call at "3001" with:
      | field      | value |
      | DTMFString | 42#   |
    Then the CTI answer is CONTROL_FAILURE_CONF with failure code 24
    When the phone "3001" answers
    Then agent "5001" becomes TALKING
    When "bridge" sends SEND_DTMF_SIGNAL_REQ for the call at "3001" with:
      | field      | value |
      | DTMFString | 42#   |
    Then the CTI answer is SEND_DTMF_SIGNAL_CONF

  @ACD-TPC-006
  Scenario: Consultative transfer: CONSULTATION_CALL_REQ, then TRANSFER_CALL_REQ joins the caller and the consulted phone, with the call data
    When the phone "3001" answers
    Then agent "5001" becomes TALKING
    When "bridge" sets the call data of the call at "3001":
      | field         | value    |
      | CallVariable1 | claim-42 |
    When "bridge" sends CONSULTATION_CALL_REQ for the call at "3001" with:
      | field        | value |
      | DialedNumber | 3002  |
    Then the CTI answer is CONSULTATION_CALL_CONF
    And the phone "3001" has a call in state Hold
    And the phone "3002" rings
    When the phone "3002" answers
    Then the phone "3002" has a call in state Connected
    When "bridge" sends TRANSFER_CALL_REQ for the calls at "3001"
    Then the CTI answer is TRANSFER_CALL_CONF
    And the CTI answer has:
      | field      | value |
      | NumParties | 2     |
    And the phone "3001" has no call
    And the phone "3009" has a call in state Connected
    And agent "5001" becomes WORK_READY
    And "bridge" receives CALL_TRANSFERRED_EVENT with:
      | field                | value |
      | TransferringDeviceID | 3001  |
      | TransferredDeviceID  | 3002  |
    When "bridge" sends SNAPSHOT_CALL_REQ for the call at "3002"
    Then the CTI answer has:
      | field          | value    |
      | CallVariable1  | claim-42 |
      | NumCallDevices | 2        |

  @ACD-TPC-006
  Scenario: Blind transfer: TRANSFER_CALL_REQ with a DialedNumber and no held call offers the caller to the number at once
    When the phone "3001" answers
    Then agent "5001" becomes TALKING
    When "bridge" sends TRANSFER_CALL_REQ for the call at "3001" with:
      | field        | value |
      | DialedNumber | 3002  |
    Then the CTI answer is TRANSFER_CALL_CONF
    And the phone "3002" rings
    And the phone "3001" has no call

  @ACD-TPC-005
  Scenario: Consultative conference: CONSULTATION_CALL_REQ, then CONFERENCE_CALL_REQ joins the three phones
    When the phone "3001" answers
    Then agent "5001" becomes TALKING
    When "bridge" sends CONSULTATION_CALL_REQ for the call at "3001" with:
      | field        | value |
      | DialedNumber | 3002  |
    And the phone "3002" answers
    Then the phone "3002" has a call in state Connected
    When "bridge" sends CONFERENCE_CALL_REQ for the calls at "3001"
    Then the CTI answer is CONFERENCE_CALL_CONF
    And the CTI answer has:
      | field      | value |
      | NumParties | 3     |
    And the phone "3001" has a call in state Connected
    And the phone "3009" has a call in state Connected
    And "bridge" receives CALL_CONFERENCED_EVENT with:
      | field              | value |
      | ControllerDeviceID | 3001  |
      | AddedPartyDeviceID | 3002  |
      | NumParties         | 3     |

  @ACD-TPC-005
  Scenario: Blind conference: CONFERENCE_CALL_REQ with a DialedNumber joins that phone without a consultation
    When the phone "3001" answers
    Then agent "5001" becomes TALKING
    When "bridge" sends CONFERENCE_CALL_REQ for the call at "3001" with:
      | field        | value |
      | DialedNumber | 3002  |
    Then the CTI answer is CONFERENCE_CALL_CONF
    And the CTI answer has:
      | field      | value |
      | NumParties | 3     |
    And the phone "3002" has a call in state Connected
    And "bridge" receives CALL_CONFERENCED_EVENT with:
      | field              | value |
      | AddedPartyDeviceID | 3002  |
      | NumParties         | 3     |

  @ACD-TPC-002 @bad-input
  Scenario: An agent workstation controls its own teleset only; the CTI Bridge controls any
    Given "desk" opens an agent workstation session for agent "5002" on side A
    When "desk" sends ANSWER_CALL_REQ for the call at "3001"
    Then the CTI answer is FAILURE_CONF with status E_CTI_INVALID_AGENT_DATA
    And the phone "3001" rings
    When "bridge" sends ANSWER_CALL_REQ for the call at "3001"
    Then the CTI answer is ANSWER_CALL_CONF
    And the phone "3001" has a call in state Connected

  @ACD-TPC-002
  Scenario: An agent workstation answers the call ringing on its own teleset
    Given "desk" opens an agent workstation session for agent "5001" on side A
    When "desk" sends ANSWER_CALL_REQ for the call at "3001"
    Then the CTI answer is ANSWER_CALL_CONF
    And agent "5001" becomes TALKING

  @ACD-MSG-007 @bad-input
  Scenario: A session not granted CLIENT_CONTROL cannot control calls or agent states
    Given "watcher" opens a CTI Bridge session on side A asking for services "ALL_EVENTS"
    When "watcher" sends ANSWER_CALL_REQ for the call at "3001"
    Then the CTI answer is FAILURE_CONF with status E_CTI_FUNCTION_NOT_AVAILABLE
    And the phone "3001" rings
    When "watcher" makes agent "5002" ready
    Then the CTI answer is FAILURE_CONF with status E_CTI_FUNCTION_NOT_AVAILABLE
    When "bridge" sends ANSWER_CALL_REQ for the call at "3001"
    Then the CTI answer is ANSWER_CALL_CONF
