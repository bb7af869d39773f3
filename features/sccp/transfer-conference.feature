Feature: Transfer and conference from SCCP phones (transfer-system full-consult)
  Consultation needs a free channel on the DN: extensions 1001-1003 are dual-line.

  Background:
    Given a CME running "labs/cme-features.cfg"
    And phones 1, 2 and 3 are registered
    And phone 1 calls "1002"
    And phone 2 answers
    And phone 1 and phone 2 are connected

  @CME-CALL-007
  Scenario: Blind transfer: Transfer again while the target rings
    When phone 1 presses "Transfer"
    Then phone 1 has a call on hold
    And phone 1 hears dial tone
    When phone 1 dials "1003"
    Then phone 3 rings
    When phone 1 presses "Transfer"
    Then phone 1 is idle
    And phone 2 hears ringback
    When phone 3 answers
    Then phone 2 and phone 3 are connected

  @CME-CALL-008
  Scenario: Consultative transfer
    When phone 1 presses "Transfer"
    And phone 1 dials "1003"
    And phone 3 answers
    Then phone 1 and phone 3 are connected
    When phone 1 presses "Transfer"
    Then phone 1 is idle
    And phone 2 and phone 3 are connected

  @CME-CALL-009 @lab-control
  Scenario: Three-party conference
    When phone 1 presses "Confrn"
    And phone 1 dials "1003"
    And phone 3 answers
    And phone 1 presses "Confrn"
    Then phones 1, 2 and 3 are in one conference
    When phone 1 hangs up
    Then phone 2 and phone 3 are connected
