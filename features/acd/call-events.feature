Feature: Call and agent events of the ACD's CTI Server
  The CTI Server reports each stage of a call, from the call arriving at the ACD (or, before
  that, its pre-route indication while it is still in the network) until the caller hangs up,
  and every agent state change. A CTI Bridge (ALL_EVENTS) gets every call and agent event of the
  peripheral, an agent workstation (CLIENT_EVENTS) those of its own agent's teleset only, each
  session exactly the events its CallMsgMask and AgentStateMask select.
  Sources: Cisco "CTI Planning" (UCCE), "CTI Server", "CTI Server Client Application Models",
  "Agent Workstation Application", "CTI Bridge Application", "CTI Server Messages"; Cisco "CTI
  Server Message Reference Guide", chapter 2 "Message Masks", chapter 5 "Call Events",
  "AGENT_STATE_EVENT", chapter 6 "CallMsgMask Values", "AgentStateMask Values";
  uccertweb MessageType.scala for the layout of AGENT_PRE_CALL_EVENT.

  Background:
    Given the ACD lab "labs/acd-duplex.yaml" is running

  @ACD-SRV-002 @ACD-BR-001
  Scenario: A queued call answered by an agent: the bridge gets each stage in order, the agent's states between
    Given "bridge" opens a CTI Bridge session on side A
    And agent "5001" is logged in on the ACD
    When the phone "3009" dials "8000"
    Then "bridge" has received CALL_QUEUED_EVENT by now
    When the ACD makes agent "5001" ready
    And the phone "3001" answers
    Then "bridge" has received CALL_ESTABLISHED_EVENT by now
    When the phone "3009" hangs up
    Then "bridge" has received exactly these call and agent events:
      | AGENT_STATE_EVENT 5001 LOGIN      |
      | AGENT_STATE_EVENT 5001 NOT_READY  |
      | BEGIN_CALL_EVENT                  |
      | CALL_QUEUED_EVENT                 |
      | AGENT_STATE_EVENT 5001 AVAILABLE  |
      | CALL_DEQUEUED_EVENT               |
      | CALL_DELIVERED_EVENT              |
      | AGENT_STATE_EVENT 5001 RESERVED   |
      | CALL_ESTABLISHED_EVENT            |
      | AGENT_STATE_EVENT 5001 TALKING    |
      | CALL_CONNECTION_CLEARED_EVENT     |
      | AGENT_STATE_EVENT 5001 WORK_READY |
      | CALL_CONNECTION_CLEARED_EVENT     |
      | CALL_CLEARED_EVENT                |
      | END_CALL_EVENT                    |
    And "bridge" receives BEGIN_CALL_EVENT with:
      | field              | value |
      | CallType           | 1     |
      | ConnectionDeviceID | 8000  |
      | ANI                | 3009  |
      | DNIS               | 8000  |
      | DialedNumber       | 8000  |
    And "bridge" receives CALL_QUEUED_EVENT with:
      | field           | value |
      | QueueDeviceID   | 8000  |
      | CallingDeviceID | 3009  |
      | NumQueued       | 1     |

  @ACD-SRV-001
  Scenario: A pre-route indication reaches the bridge with the caller and the call variables before any delivery
    Given "bridge" opens a CTI Bridge session on side A
    When the ICM router pre-routes a call for dialed number "8000" with ANI "3009" and CallVariable1 "gold"
    And agent "5001" is logged in on the ACD
    And the ACD makes agent "5001" ready
    And the phone "3009" dials "8000"
    Then the phone "3001" rings
    And "bridge" has received exactly these call and agent events:
      | AGENT_PRE_CALL_EVENT             |
      | AGENT_STATE_EVENT 5001 LOGIN     |
      | AGENT_STATE_EVENT 5001 NOT_READY |
      | AGENT_STATE_EVENT 5001 AVAILABLE |
      | BEGIN_CALL_EVENT                 |
      | AGENT_STATE_EVENT 5001 RESERVED  |
      | CALL_DELIVERED_EVENT             |
    And "bridge" receives AGENT_PRE_CALL_EVENT with:
      | field            | value      |
      | ANI              | 3009       |
      | DialedNumber     | 8000       |
      | CallVariable1    | gold       |
      | SkillGroupNumber | 1          |
      | SkillGroupID     | 101        |
    And "bridge" receives BEGIN_CALL_EVENT with:
      | field         | value      |
      | CallType      | 2          |
      | ANI           | 3009       |
      | CallVariable1 | gold       |

  @ACD-SRV-003 @ACD-WS-003
  Scenario: The agent's workstation is told of the call with its data as it is delivered, before it connects
    Given "desk" opens an agent workstation session for agent "5001" on side A
    And agent "5001" is logged in on the ACD
    And the ACD makes agent "5001" ready
    When the ICM router pre-routes a call for dialed number "8000" with ANI "3009" and CallVariable1 "gold"
    And the phone "3009" dials "8000"
    Then "desk" receives CALL_DELIVERED_EVENT with:
      | field            | value      |
      | AlertingDeviceID | 3001       |
      | ANI              | 3009       |
      | DNIS             | 8000       |
      | CallVariable1    | gold       |
    And the phone "3001" rings
    When the phone "3001" answers
    Then "desk" receives CALL_ESTABLISHED_EVENT
    And "desk" has received no AGENT_PRE_CALL_EVENT

  @ACD-WS-001
  Scenario: A workstation gets the events of its own agent's teleset only
    Given "desk-5001" opens an agent workstation session for agent "5001" on side A
    And "desk-5002" opens an agent workstation session for agent "5002" on side A
    And agent "5002" is logged in on the ACD
    And agent "5001" is logged in on the ACD
    And the ACD makes agent "5001" ready
    When the phone "3009" dials "8000"
    And the phone "3001" answers
    Then "desk-5001" receives CALL_ESTABLISHED_EVENT
    When the phone "3009" hangs up
    Then "desk-5001" has received exactly these call and agent events:
      | AGENT_STATE_EVENT 5001 LOGIN      |
      | AGENT_STATE_EVENT 5001 NOT_READY  |
      | AGENT_STATE_EVENT 5001 AVAILABLE  |
      | AGENT_STATE_EVENT 5001 RESERVED   |
      | BEGIN_CALL_EVENT                  |
      | CALL_DELIVERED_EVENT              |
      | AGENT_STATE_EVENT 5001 TALKING    |
      | CALL_CONNECTION_CLEARED_EVENT     |
      | AGENT_STATE_EVENT 5001 WORK_READY |
      | CALL_CONNECTION_CLEARED_EVENT     |
      | CALL_CLEARED_EVENT                |
      | END_CALL_EVENT                    |
    And "desk-5002" has received exactly these call and agent events:
      | AGENT_STATE_EVENT 5002 LOGIN     |
      | AGENT_STATE_EVENT 5002 NOT_READY |

  @ACD-WS-002 @ACD-MSG-005
  Scenario: A workstation gets the agent states its AgentStateMask asks for and no other; HOLD is bit 9
    Given "desk" opens an agent workstation session for agent "5001" on side A with AgentStateMask TALKING|HOLD
    And "hold-only" opens a CTI Bridge session on side A with CallMsgMask NONE and AgentStateMask HOLD
    And agent "5001" is logged in on the ACD
    And the ACD makes agent "5001" ready
    When the phone "3009" dials "8000"
    And the phone "3001" answers
    Then "desk" receives CALL_ESTABLISHED_EVENT
    When the phone "3001" puts its call on hold
    Then "hold-only" receives AGENT_STATE_EVENT with:
      | field      | value |
      | AgentState | HOLD  |
      | AgentID    | 5001  |
    And "hold-only" has received no AGENT_STATE_EVENT
    And "desk" has received exactly these call and agent events:
      | BEGIN_CALL_EVENT               |
      | CALL_DELIVERED_EVENT           |
      | AGENT_STATE_EVENT 5001 TALKING |
      | CALL_HELD_EVENT                |
      | AGENT_STATE_EVENT 5001 HOLD    |

  @ACD-MSG-004
  Scenario: A session gets exactly the call events whose CallMsgMask bits it sets
    Given "some" opens a CTI Bridge session on side A with CallMsgMask DELIVERED|ESTABLISHED|END_CALL and AgentStateMask NONE
    And "none" opens a CTI Bridge session on side A with CallMsgMask NONE and AgentStateMask NONE
    And agent "5001" is logged in on the ACD
    And the ACD makes agent "5001" ready
    When the phone "3009" dials "8000"
    And the phone "3001" answers
    Then "some" has received CALL_ESTABLISHED_EVENT by now
    When the phone "3009" hangs up
    Then "some" has received exactly these call and agent events:
      | CALL_DELIVERED_EVENT   |
      | CALL_ESTABLISHED_EVENT |
      | END_CALL_EVENT         |
    And "none" has received no call or agent event
