Feature: Shared lines and overlay buttons

  Background:
    Given a CME running "labs/cme-features.cfg"

  @CME-CALL-010
  Scenario: A shared line rings on both phones; one answers, the other shows it in use
    Given phones 1, 5 and 6 are registered
    When phone 1 calls "1005"
    Then phone 5 rings
    And phone 6 rings
    When phone 6 answers
    Then phone 1 and phone 6 are connected
    And phone 5 shows the line in use on another phone
    When phone 1 hangs up
    Then phone 5 is idle
    And phone 6 is idle

  @CME-CALL-011
  Scenario: An overlay button presents each of its DNs and takes the first idle one for outgoing calls
    Given phones 1, 2 and 7 are registered
    When phone 1 calls "1007"
    Then phone 7 rings on line 1 for "1001"
    When phone 7 answers
    Then phone 1 and phone 7 are connected
    When phone 2 calls "1006"
    Then phone 7 rings on line 1 for "1002"
