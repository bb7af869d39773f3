Feature: Peripheral types implement different sets of requests and events
  Different peripheral types implement and support varying levels of CTI functionality: a
  different set of client control requests and call event types is available depending on the
  peripheral type. Most, but not all, ACDs support third-party call control: on a peripheral type
  without it every call control request is refused, while agent requests work and events still
  flow. The lab's sets per type are in simulators/acd-cti/peripheral-profiles.ts.
  Sources: Cisco "CTI Planning" (UCCE), "ACD Support for Client and Third-Party Call Control",
  "Third-Party Call Control" (Note: "Most, but not all, ACDs support third-party call control");
  Cisco "CTI Server Message Reference Guide", chapter 6: E_CTI_FUNCTION_NOT_AVAILABLE.

  @ACD-PER-001
  Scenario: An ENTERPRISE_AGENT peripheral sends DTMF and reports the agent phone's call as CALL_ORIGINATED_EVENT
    Given the ACD lab "labs/acd-duplex.yaml" is running
    And "bridge" opens a CTI Bridge session on side A
    Then the OPEN_CONF of "bridge" names peripheral type 17
    When "bridge" sends MAKE_CALL_REQ with:
      | field           | value |
      | AgentInstrument | 3002  |
      | DialedNumber    | 3009  |
    Then the CTI answer is MAKE_CALL_CONF
    When the phone "3009" answers
    Then the phone "3002" has a call in state Connected
    When "bridge" sends SEND_DTMF_SIGNAL_REQ for the call at "3002" with:
      | field      | value |
      | DTMFString | 1     |
    Then the CTI answer is SEND_DTMF_SIGNAL_CONF
    And "bridge" receives CALL_ORIGINATED_EVENT

  @ACD-PER-001 @bad-input
  Scenario: An ASPECT peripheral has no DTMF, alternate or deflect requests, and no CALL_ORIGINATED_EVENT
    Given the ACD lab "labs/acd-duplex.yaml" is running with peripheral type ASPECT
    And "bridge" opens a CTI Bridge session on side A
    Then the OPEN_CONF of "bridge" names peripheral type 1
    When "bridge" sends MAKE_CALL_REQ with:
      | field           | value |
      | AgentInstrument | 3002  |
      | DialedNumber    | 3009  |
    Then the CTI answer is MAKE_CALL_CONF
    When the phone "3009" answers
    Then the phone "3002" has a call in state Connected
    When "bridge" sends SEND_DTMF_SIGNAL_REQ for the call at "3002" with:
      | field      | value |
      | DTMFString | 1     |
    Then the CTI answer is FAILURE_CONF with status E_CTI_FUNCTION_NOT_AVAILABLE
    When "bridge" sends HOLD_CALL_REQ for the call at "3002"
    Then the CTI answer is HOLD_CALL_CONF
    And "bridge" receives CALL_HELD_EVENT
    And "bridge" has received no CALL_ORIGINATED_EVENT

  @ACD-PER-002 @bad-input
  Scenario: A GENERIC peripheral has no third-party call control; agent requests work and events still flow
    Given the ACD lab "labs/acd-duplex.yaml" is running with peripheral type GENERIC
    And "bridge" opens a CTI Bridge session on side A
    Then the OPEN_CONF of "bridge" names peripheral type 20
    When "bridge" logs agent "5001" in with password "5001-pw"
    Then the CTI answer is SET_AGENT_STATE_CONF
    When "bridge" makes agent "5001" ready
    And the phone "3009" dials "8000"
    Then the phone "3001" rings
    When "bridge" sends ANSWER_CALL_REQ for the call at "3001"
    Then the CTI answer is FAILURE_CONF with status E_CTI_FUNCTION_NOT_AVAILABLE
    And the phone "3001" rings
    When "bridge" sends MAKE_CALL_REQ with:
      | field           | value |
      | AgentInstrument | 3002  |
      | DialedNumber    | 3009  |
    Then the CTI answer is FAILURE_CONF with status E_CTI_FUNCTION_NOT_AVAILABLE
    When "bridge" sends SNAPSHOT_DEVICE_REQ with:
      | field           | value |
      | AgentInstrument | 3001  |
    Then the CTI answer is SNAPSHOT_DEVICE_CONF
    When the phone "3001" answers
    Then agent "5001" becomes TALKING
    And "bridge" receives CALL_ESTABLISHED_EVENT
