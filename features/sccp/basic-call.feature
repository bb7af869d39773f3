Feature: Basic calls between SCCP phones on the simulated CME
  The CME answers what a person does on a phone with the message orders a real call manager
  uses (reference: CUCM 4.1 -> 7912 captures).

  Background:
    Given a CME running "labs/cme-features.cfg"
    And phones 1, 2 and 4 are registered

  @CME-CALL-001
  Scenario: Going off hook gives dial tone in the CUCM order
    When phone 1 goes off hook
    Then phone 1 hears dial tone
    And the CME sent phone 1 in this order:
      | SetRinger           |
      | SetSpeakerMode      |
      | SetLamp             |
      | CallState           |
      | SelectSoftKeys      |
      | DisplayPromptStatusV2 |
      | ActivateCallPlane   |
      | StartTone           |

  @CME-CALL-002 @CME-CALL-003 @lab-control
  Scenario: A basic call rings, is answered and is cleared
    When phone 1 calls "1002"
    Then phone 2 rings
    And phone 2 shows a call from "1001"
    And phone 1 hears ringback
    And the CME sent phone 2 in this order:
      | CallState          |
      | SelectSoftKeys     |
      | DisplayPromptStatusV2 |
      | DisplayPriNotifyV2 |
      | SetLamp            |
      | SetRinger          |
    When phone 2 answers
    Then phone 1 and phone 2 are connected
    And the CME sent phone 2 in this order:
      | SetRinger          |
      | SetSpeakerMode     |
      | SetLamp            |
      | CallState          |
      | ActivateCallPlane  |
      | SetRinger          |
      | StopTone           |
      | OpenReceiveChannel |
    When phone 1 hangs up
    Then phone 1 is idle
    And phone 2 is idle
    And the CME has no calls left

  @CME-CALL-004
  Scenario: Calling a busy single-line extension gives busy tone
    Given phone 4 calls "1002"
    And phone 2 answers
    When phone 1 calls "1004"
    Then phone 1 hears busy tone
    And phone 1 shows "Busy"

  @CME-CALL-005
  Scenario: Dialling a number nobody has gives reorder tone
    When phone 1 calls "9999"
    Then phone 1 hears reorder tone
    And phone 1 shows "Unknown Number"

  @CME-CALL-006
  Scenario: Hold and resume
    Given phone 1 calls "1002"
    And phone 2 answers
    And phone 1 and phone 2 are connected
    When phone 1 presses "Hold"
    Then phone 1 has a call on hold
    And phone 1 has no media open
    When phone 1 presses "Resume"
    Then phone 1 and phone 2 are connected

  @CME-CALL-012
  Scenario: Forward all calls from the phone
    Given phone 2 forwards all calls to "1004"
    Then phone 2 shows "Forwarded to 1004"
    When phone 1 calls "1002"
    Then phone 4 rings
    And phone 2 does not ring

  @CME-CALL-013
  Scenario: Do not disturb refuses calls as busy
    Given phone 2 presses "DND"
    When phone 1 calls "1002"
    Then phone 1 hears busy tone
    And phone 2 does not ring
