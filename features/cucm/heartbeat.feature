Feature: The CTI application heartbeat of a CUCM cluster is the TR/87 session refresh
  A CTIManager closes an application it has not heard from within two heartbeat intervals; over
  TR/87 the heartbeat is the SIP session refresh (RFC 4028), so the session's Session-Expires is
  two heartbeat intervals, bounded by the Application Heartbeat Minimum Interval (default 5 s, with
  RFC 4028's floor of 90 s) and Maximum Interval (default 3600 s) service parameters ("Configure
  CTIManager Service Parameters").

  Background:
    Given the CUCM cluster of "labs/cucm-routing.yaml" is running
    And the cluster's phones are registered

  @CUCM-HB-001
  Scenario: A session not refreshed for a whole Session-Expires is ended and its monitors stop
    When "carol" opens a CTI session on line "1001" with a Session-Expires of 90 seconds that it never refreshes
    And "carol" starts a monitor on "1001"
    Then the CTI request succeeded
    When 89 seconds pass
    Then the CTI session of "carol" is still up
    When 2 seconds pass
    Then the CTI session of "carol" has ended
    And the cluster has no CTI session of "carol"
    And no CTIManager has a device open

  @CUCM-HB-001
  Scenario: A session refreshed in time stays open and its monitor keeps reporting
    When "carol" opens a CTI session on line "1001" with a Session-Expires of 90 seconds that it refreshes
    And "carol" starts a monitor on "1001"
    When 300 seconds pass
    Then the CTI session of "carol" is still up
    And "carol" has refreshed its session at least once
    When the phone on "1002" calls "1001"
    Then "carol" gets a DeliveredEvent for "1001"

  @CUCM-HB-002
  Scenario: A session INVITE asking a Session-Expires below the minimum is answered 422 with Min-SE 90
    When "carol" sends a session INVITE on line "1001" with a Session-Expires of 60 seconds
    Then the answer is 422 "Session Interval Too Small" with Min-SE 90
    When "carol" opens a CTI session on line "1001" asking for a Session-Expires of 60 seconds
    Then the CTI session is refused with status 422
    When "carol" opens a CTI session on line "1001" asking for a Session-Expires of 90 seconds
    Then the CTI session of "carol" is up
    And the CTI session of "carol" was granted a Session-Expires of 90 seconds

  @CUCM-HB-002
  Scenario: A refresh asking a Session-Expires below the minimum is answered 422 with Min-SE 90 and the session stays
    When "carol" opens a CTI session on line "1001"
    And "carol" refreshes its session asking for a Session-Expires of 60 seconds
    Then the answer is 422 "Session Interval Too Small" with Min-SE 90
    And the CTI session of "carol" is still up

  @CUCM-HB-002
  Scenario: Min-SE is twice the heartbeat minimum when that is above 90 s
    Given the CUCM cluster of "labs/cucm-routing.yaml" is running with service parameters:
      | heartbeatMinS | 60 |
    When "carol" sends a session INVITE on line "1001" with a Session-Expires of 100 seconds
    Then the answer is 422 "Session Interval Too Small" with Min-SE 120

  @CUCM-HB-003
  Scenario: A session asking more than twice the heartbeat maximum is granted 7200 s
    When "carol" sends a session INVITE on line "1001" with a Session-Expires of 10000 seconds
    Then the answer is 200 with a Session-Expires of 7200 seconds
    When "carol" opens a CTI session on line "1001" asking for a Session-Expires of 10000 seconds
    Then the CTI session of "carol" is up
    And the CTI session of "carol" was granted a Session-Expires of 7200 seconds
