# @failover: also run on the process and containers runtimes (cucumber profiles failoverProcess and
# failoverContainers, steps/runtime-lab.ts), with real process death and Docker faults.
@failover
Feature: Phones fail over to the secondary CME of their list and come back

  Background:
    Given a primary CME and a secondary CME running "labs/cme-features.cfg"
    And phone 1 is registered with the primary and secondary CME

  @SCCP-FO-001 @SCCP-FO-002
  Scenario: Keepalives go unanswered: the phone moves to the secondary, then back
    When the primary CME stops answering keepalives
    And 130 seconds pass
    Then phone 1 is registered with the secondary CME
    When the primary CME answers keepalives again
    And 70 seconds pass
    Then phone 1 is registered with the primary CME

  @SCCP-FO-001
  Scenario: The primary fails outright: the phone moves at once, and returns when it is back
    When the primary CME fails
    Then phone 1 is registered with the secondary CME
    When the primary CME comes back
    And 70 seconds pass
    Then phone 1 is registered with the primary CME
