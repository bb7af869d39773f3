Feature: Dial-via-office from the CSTA application (CME 8.8)
  Cisco CME "CTI CSTA Protocol Suite" > "CTI CSTA in Cisco Unified CME": "The CTI CSTA Protocol
  Suite in Cisco Unified CME 8.8 and later versions enables the dial-via-office functionality from
  the application". The user is away from the desk: the application asks MakeCall with the
  user's remote number (the office line's `snr`, with `mobility`) as callingDevice. The CME calls
  the remote number first; when the user answers there it calls the destination from the office
  line, whose monitor sees the events and whose number the called party sees. The encoding is
  the lab's reading (simulators/cme/cti/cti-dial-via-office.ts, no public Cisco wire trace).
  A target's PICS claims it with the feature dial-via-office (CME 8.8 and later).

  Background:
    Given a CME running "labs/cme-cti-dvo.cfg"
    And phones 1, 2 and 3 are registered
    And CTI clients with sessions and monitors on lines "201, 202, 203"

  @CME-CTI-ARCH-003 @pics-dial-via-office @lab-control
  Scenario: The CME calls the user's remote number first, then the destination from the office line
    When the client on "201" makes a dial-via-office call from "tel:0612345678" to "202"
    Then the client request was accepted
    And the monitor on "201" reports "ServiceInitiated" with cause "makeCall"
    And the monitor on "202" reports nothing
    And phone 1 shows the line in use on another phone
    When the remote phone "0612345678" answers the callback
    Then the monitor on "201" reports "Originated, Delivered"
    And the monitor on "202" reports "Delivered"
    And phone 2 shows a call from "201"
    When the client answers the call on "202"
    Then the monitor on "201" reports "Established"
    And the monitor on "202" reports "Established"
    And phone 1 shows the line in use on another phone
    When the client clears the call on "202"
    Then the monitor on "201" reports "ConnectionCleared, ConnectionCleared"
    And phone 1 is idle

  @CME-CTI-ARCH-003 @pics-dial-via-office @lab-control
  Scenario Outline: A callback the user does not take clears the office connection (<cause>)
    When the client on "201" makes a dial-via-office call from "0612345678" to "202"
    Then the monitor on "201" reports "ServiceInitiated"
    When <what>
    Then the monitor on "201" reports "ConnectionCleared" with cause "<cause>"
    And the monitor on "202" reports nothing
    And phone 1 is idle

    Examples:
      | what                                         | cause             |
      | 20 seconds pass                              | callNotAnswered   |
      | the remote phone "0612345678" is busy        | busy              |
      | the remote phone "0612345678" cannot be reached | destNotObtainable |

  @CME-CTI-ARCH-003 @pics-dial-via-office @lab-control
  Scenario: While the callback rings, the office line takes no other call and the callback goes on
    When the client on "201" makes a dial-via-office call from "tel:0612345678" to "202"
    Then the monitor on "201" reports "ServiceInitiated" with cause "makeCall"
    When the client makes a call from "201" to "203"
    Then the request is refused with "stateIncompatibility/invalidDeviceState"
    And the monitor on "203" reports nothing
    When the remote phone "0612345678" answers the callback
    Then the monitor on "201" reports "Originated, Delivered"
    And the monitor on "202" reports "Delivered"

  @CME-CTI-ARCH-003 @pics-dial-via-office
  Scenario Outline: A dial-via-office request the CME cannot serve is refused (<why>)
    When the client on "<line>" makes a dial-via-office call from "<remote>" to "<called>" with autoOriginate <auto>
    Then the request is refused with "<error>"
    And the monitor on "<line>" reports nothing

    Examples:
      | why                                  | line | remote         | called | auto        | error                                          |
      | autoOriginate doNotPrompt            | 201  | tel:0612345678 | 202    | doNotPrompt | operation/requestIncompatibleWithCallingDevice |
      | snr without mobility                 | 203  | tel:0611111111 | 202    | absent      | operation/requestIncompatibleWithCallingDevice |
      | not a DN nor an snr number           | 201  | tel:0600000000 | 202    | absent      | operation/invalidDeviceID                      |
      | another line's remote number         | 202  | tel:0612345678 | 201    | absent      | operation/privilegeViolationSpecifiedDevice    |
      | a destination that is not dialable   | 201  | tel:0612345678 | sip:x@y | absent      | operation/invalidDestination                   |
