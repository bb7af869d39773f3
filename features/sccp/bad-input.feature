Feature: Bad input on the SCCP port
  Bad frames close or are ignored per the protocol; one clear log line; every other phone keeps
  working.

  Background:
    Given a CME running "labs/cme-features.cfg"
    And phones 1 and 2 are registered

  @SCCP-FRAME-002 @bad-input
  Scenario Outline: A frame that breaks the framing closes that connection only
    When a client sends "<bytes>" to the SCCP port
    Then the CME closes that connection
    And the CME logged the bad input
    When phone 1 calls "1002"
    Then phone 2 rings

    Examples:
      | what                     | bytes                            |
      | length below 4           | 02000000 00000000 00000000       |
      | length beyond any message| ffff0000 00000000 00000000       |
      | unknown header version   | 04000000 42000000 00000000       |
      | garbage                  | 474554202f20485454502f312e310d0a |

  @SCCP-FRAME-003 @bad-input
  Scenario Outline: An unknown or truncated message is ignored and the connection kept
    When a client sends "<bytes>" to the SCCP port
    Then that connection stays open and its keepalives are answered
    And the CME logged the bad input
    And the CME still has phone 1 registered

    Examples:
      | what                    | bytes                              |
      | unknown message id      | 04000000 00000000 eeee0000         |
      | truncated RegisterReq   | 08000000 00000000 01000000 53455030 |

  @SCCP-KA-002
  Scenario: A half-open connection that never registers is closed by supervision
    When a client opens a connection to the SCCP port and sends nothing
    And 100 seconds pass
    Then the CME closes that connection
    And the CME still has phone 1 registered

  @SCCP-SLOW-001
  Scenario: A connection that never sends a RegisterReq is closed 10 seconds after it opened
    When a client opens a connection to the SCCP port and sends nothing
    And 9 seconds pass
    Then that connection is still open
    When 1 seconds pass
    Then the CME closes that connection
    And the CME still has phone 1 registered

  @SCCP-SLOW-002 @bad-input
  Scenario: A frame left unfinished closes its connection 5 seconds after its first byte
    When a client sends "0c000000 00000000 01000000" to the SCCP port
    And 4 seconds pass
    Then that connection is still open
    When 1 seconds pass
    Then the CME closes that connection
    And the CME still has phone 1 registered

  @SCCP-REG-007
  Scenario Outline: A RegisterReq with an invalid or mismatching device type is refused
    When a bare SCCP station registers as ephone 3 with device type <device type>
    Then the station is rejected with "<text>"
    And the CME still has phone 1 registered

    Examples:
      | what                          | device type | text                 |
      | all-zero device type          | 0           | Invalid device type  |
      | all-ones device type          | 4294967295  | Invalid device type  |
      | a 7960 on an ephone type 7942 | 7           | Device type mismatch |
