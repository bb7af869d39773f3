Feature: CSTA services of the CME (CME CSTA guide Table 1) and the events each party's monitor sees
  Third-party call control of SCCP phones: each service is asked for by the client whose session
  is on the device, and the monitors on every party report the events in order.

  Background:
    Given a CME running "labs/cme-cti-restrictions.cfg"
    And phones 1, 2 and 3 are registered
    And CTI clients with sessions and monitors on lines "201, 202, 203"

  @CME-CTI-ARCH-001 @CME-CTI-ARCH-002 @CME-CTI-SVC-001 @CME-CTI-SVC-002 @CME-CTI-SVC-003
  Scenario: Click-to-dial, answer and clear
    When the client makes a call from "201" to "202"
    Then the monitor on "201" reports "ServiceInitiated, Originated, Delivered"
    And the monitor on "202" reports "Delivered"
    And phone 2 rings
    When the client answers the call on "202"
    Then the monitor on "201" reports "Established"
    And the monitor on "202" reports "Established"
    And phone 1 and phone 2 are connected
    When the client clears the call on "201"
    Then the monitor on "201" reports "ConnectionCleared"
    And the monitor on "202" reports "ConnectionCleared, ConnectionCleared"
    And the monitor on "203" reports nothing

  @CME-CTI-SVC-001 @lab-control
  Scenario Outline: A click-to-dial that fails is cleared by the CME after the busy or reorder tone
    The phone was on hook, so nobody is there to hang up: the CME releases the failed call after
    30 s (Cisco IOS timeouts wait-release default) and the line can make calls again.
    When the client makes a call from "201" to "<number>"
    Then the monitor on "201" reports "ServiceInitiated, Originated, Failed"
    And phone 1 hears <tone>
    When 30 seconds pass
    Then the monitor on "201" reports "ConnectionCleared"
    And phone 1 is idle
    When the client makes a call from "201" to "202"
    Then the monitor on "201" reports "ServiceInitiated, Originated, Delivered"
    And phone 2 rings

    Examples:
      | number | tone         |
      | 9999   | reorder tone |
      | 201    | busy tone    |

  @CME-CTI-ARCH-002
  Scenario: Dialling on the phone and MakeCall give the same events
    When phone 1 calls "202"
    Then the monitor on "201" reports "ServiceInitiated, Originated, Delivered"
    And the monitor on "202" reports "Delivered"

  @CME-CTI-SVC-005 @CME-CTI-SVC-006
  Scenario: Hold and retrieve
    Given the client makes a call from "201" to "202"
    And the client answers the call on "202"
    And the monitor on "201" reports "ServiceInitiated, Originated, Delivered, Established"
    And the monitor on "202" reports "Delivered, Established"
    When the client holds the call on "201"
    Then the monitor on "201" reports "Held"
    And the monitor on "202" reports "Held"
    And phone 1 has a call on hold
    When the client retrieves the call on "201"
    Then the monitor on "201" reports "Retrieved"
    And the monitor on "202" reports "Retrieved"
    When the client retrieves the call on "201"
    Then the request is refused with "stateIncompatibility/invalidConnectionState"

  @CME-CTI-SVC-009 @CME-CTI-SVC-011 @CME-CTI-SVC-004
  Scenario: Consultation, alternate and reconnect
    Given the client makes a call from "201" to "202"
    And the client answers the call on "202"
    When the client consults "203" from "201"
    Then the monitor on "203" reports "Delivered"
    When the client answers the call on "203"
    And the client alternates the calls on "201"
    Then the client request was accepted
    When the client reconnects the held call on "201"
    Then the client request was accepted
    And phone 2 is idle

  @CME-CTI-SVC-010
  Scenario: Consultation then transfer
    Given the client makes a call from "201" to "202"
    And the client answers the call on "202"
    When the client consults "203" from "201"
    And the client answers the call on "203"
    And the client completes the transfer on "201"
    Then the client request was accepted
    And phone 1 is idle

  @CME-CTI-SVC-007 @CME-CTI-SVC-008 @CME-CTI-SVC-012
  Scenario: Deflect only while alerting, single step transfer and DTMF digits
    Given the client makes a call from "201" to "202"
    When the client deflects the call on "202" to "203"
    Then the client request was accepted
    And phone 3 rings
    When the client answers the call on "203"
    And the client deflects the call on "203" to "202"
    Then the request is refused with "stateIncompatibility/invalidConnectionState"
    When the client sends the digits "5" on "203"
    Then the client request was accepted
    When the client transfers the call on "203" to "202" in a single step
    Then the client request was accepted
    And phone 2 rings

  @CME-CTI-SVC-013 @CME-CTI-SVC-014
  Scenario: Do not disturb
    When the client turns do not disturb on on "201"
    Then do not disturb on "201" is on
    And the monitor on "201" reports "DoNotDisturb"
    When the client turns do not disturb off on "201"
    Then do not disturb on "201" is off

  @CME-CTI-SVC-015 @CME-CTI-SVC-016
  Scenario: Call forward all, and no other forwarding type
    When the client forwards all calls of "201" to "203"
    Then the forwarding of "201" is "forwardImmediate 203"
    And the monitor on "201" reports "Forwarding"
    When the client forwards busy calls of "201" to "203"
    Then the request is refused with "operation/invalidForwardingType"
    When the client cancels call forwarding on "201"
    Then the forwarding of "201" is "off"

  @CME-CTI-SVC-017
  Scenario: The message waiting lamp
    When the client turns the message waiting lamp on on "201"
    Then phone 1 shows the message waiting lamp on
    And the monitor on "201" reports "MessageWaiting"

  @CME-CTI-SVC-018
  Scenario: Snapshot of a device
    Given the client makes a call from "201" to "202"
    When the client takes a snapshot of "201"
    Then the snapshot lists 1 call
