Feature: Agent login, agent states and wrap-up data through the CTI Server
  A CTI client logs an agent in with its password, makes it ready or not ready with a reason code,
  logs it out and asks for its state; the ACD's agent state machine decides every change and a
  change it forbids is refused with the precise failure. On completion of a call the agent adds
  wrap-up data, which is written to the call's termination call detail record.
  Sources: Cisco "CTI Planning" (UCCE), "Third-Party Call Control" ("Agent Login and Wrap-up
  data", "Get/Set Agent states"), "Agent Workstation Application"; Cisco "CTI Server Message
  Reference Guide", SET_AGENT_STATE_REQ, QUERY_AGENT_STATE_REQ, "ControlFailureCode Values".

  Background:
    Given the ACD lab "labs/acd-duplex.yaml" is running
    And "bridge" opens a CTI Bridge session on side A

  @ACD-TPC-004
  Scenario: An agent logs in with its password, goes ready, not ready with a reason code, and logs out
    When "bridge" logs agent "5001" in with password "5001-pw"
    Then the CTI answer is SET_AGENT_STATE_CONF
    And agent "5001" is NOT_READY
    When "bridge" makes agent "5001" ready
    Then the CTI answer is SET_AGENT_STATE_CONF
    And agent "5001" is AVAILABLE
    When "bridge" makes agent "5001" not ready with reason code 12
    Then the CTI answer is SET_AGENT_STATE_CONF
    And agent "5001" is NOT_READY
    When "bridge" sends SET_AGENT_STATE_REQ with:
      | field           | value  |
      | AgentState      | LOGOUT |
      | AgentInstrument | 3001   |
      | AgentID         | 5001   |
    Then the CTI answer is SET_AGENT_STATE_CONF
    And agent "5001" is LOGOUT

  @ACD-TPC-004 @bad-input
  Scenario: A wrong password is refused with CF_INVALID_PASSWORD_SPECIFIED and the agent stays logged out
    When "bridge" logs agent "5001" in with password "guess"
    Then the CTI answer is CONTROL_FAILURE_CONF with failure code 257
    And agent "5001" is LOGOUT

  @ACD-TPC-008
  Scenario: QUERY_AGENT_STATE_REQ answers the agent's state and skill group
    When "bridge" logs agent "5002" in with password "5002-pw"
    And "bridge" makes agent "5002" ready
    And "bridge" sends QUERY_AGENT_STATE_REQ with:
      | field           | value |
      | AgentInstrument | 3002  |
    Then the CTI answer is QUERY_AGENT_STATE_CONF
    And the CTI answer has:
      | field            | value |
      | AgentState       | 3     |
      | NumSkillGroups   | 1     |
      | SkillGroupNumber | 1     |
      | SkillGroupID     | 101   |
      | AgentID          | 5002  |

  @ACD-TPC-008 @bad-input
  Scenario: A state change the agent state machine forbids is refused with the precise failure code
    When "bridge" logs agent "5001" in with password "5001-pw"
    And "bridge" sends SET_AGENT_STATE_REQ with:
      | field           | value      |
      | AgentState      | WORK_READY |
      | AgentInstrument | 3001       |
    Then the CTI answer is CONTROL_FAILURE_CONF with failure code 22
    When "bridge" sends SET_AGENT_STATE_REQ with:
      | field           | value   |
      | AgentState      | TALKING |
      | AgentInstrument | 3001    |
    Then the CTI answer is CONTROL_FAILURE_CONF with failure code 3
    And agent "5001" is NOT_READY

  @ACD-TPC-008 @bad-input
  Scenario: An agent on a call cannot log out (CF_INVALID_OBJECT_STATE)
    When "bridge" logs agent "5001" in with password "5001-pw"
    And "bridge" makes agent "5001" ready
    And the phone "3009" dials "8000"
    And the phone "3001" answers
    Then agent "5001" becomes TALKING
    When "bridge" sends SET_AGENT_STATE_REQ with:
      | field           | value  |
      | AgentState      | LOGOUT |
      | AgentInstrument | 3001   |
    Then the CTI answer is CONTROL_FAILURE_CONF with failure code 22
    And agent "5001" is TALKING

  @ACD-WS-005
  Scenario: Wrap-up data added after the call is written to the call's termination call detail record
    Given "desk" opens an agent workstation session for agent "5001" on side A
    When "desk" logs agent "5001" in with password "5001-pw"
    And "desk" makes agent "5001" ready
    And the phone "3009" dials "8000"
    And the phone "3001" answers
    Then agent "5001" becomes TALKING
    When the call at "3001" is remembered as "the sale"
    And the phone "3001" hangs up
    Then agent "5001" becomes WORK_READY
    When "desk" sends SET_CALL_DATA_REQ for the call remembered as "the sale" with:
      | field          | value         |
      | CallWrapupData | sold 2 modems |
    Then the CTI answer is SET_CALL_DATA_CONF
    When "desk" makes agent "5001" ready
    Then agent "5001" is AVAILABLE
    And the termination call detail of agent "5001" has wrap-up data "sold 2 modems"
