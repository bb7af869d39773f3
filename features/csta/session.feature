@pics-cme-cti
Feature: CTI sessions between a CSTA client application and the CME (TR/87)
  A CSTA client opens a CTI session with a SIP dialog to the CME's CTI interface, checks the
  system status, asks for the supported services and starts monitors before it expects events.

  Background:
    Given a CME running "labs/cme-cti-restrictions.cfg"
    And phones 1 and 2 are registered

  @CME-CTI-SESSION-001 @CME-CTI-SESSION-002 @CME-CTI-SESSION-003 @CME-CTI-SESSION-004 @CME-CTI-SESSION-005 @CME-CTI-SESSION-012 @CME-CTI-CFG-001 @CME-CTI-ADMIN-001 @lab-control
  Scenario: A client opens a session on a line and the CME answers with system status normal
    Given a CTI client "app1" with a session on line "201"
    Then the session is up with system status normal
    And the session has a timer of 1800 seconds
    And show cti session lists "1:app1"

  @CME-CTI-SESSION-001
  Scenario Outline: Sessions in the CSTA editions ed3, ed4 and ed6
    Given a CTI client "app1" <how> line "201"
    Then the session is up with system status normal

    @pics-csta-ed3
    Examples: CSTA ed3 (the client's default)
      | how                                   |
      | with a session on                     |

    @pics-csta-ed4
    Examples: CSTA ed4
      | how                                   |
      | speaking CSTA ed4 with a session on   |

    @pics-csta-ed6
    Examples: CSTA ed6
      | how                                   |
      | speaking CSTA ed6 with a session on   |

  @pics-udp
  Scenario: A session over UDP
    Given a CTI client "app1" with a session on line "201" over UDP
    Then the session is up with system status normal

  @CME-CTI-SESSION-006 @CME-CTI-SESSION-007 @pics-enhanced-mode
  Scenario: The CME answers GetCSTAFeatures with exactly the services of Table 1
    Given a CTI client "app1" with a session on line "201"
    When the client asks for the CSTA features
    Then the CSTA services are exactly "alternateCall, answerCall, clearConnection, consultationCall, deflectCall, generateDigits, getCSTAFeatures, getDoNotDisturb, getForwarding, holdCall, makeCall, monitorStart, monitorStop, reconnectCall, requestSystemStatus, retrieveCall, setDoNotDisturb, setForwarding, setMsgWaitingInd, singleStepTransfer, snapshotDevice, systemStatus, transferCall"
    And the CSTA events include "digitsGenerated"

  @CME-CTI-SESSION-008 @CME-CTI-SESSION-009 @CME-CTI-SESSION-010 @CME-CTI-SESSION-011
  Scenario: No events before MonitorStart; after it every event carries the monitor's cross-ref id
    Given a CTI client "app1" with a session on line "201"
    When the client turns do not disturb on on "201"
    Then the client received no events
    When the client starts a monitor on "201"
    And the client turns do not disturb off on "201"
    Then the monitor on "201" reports "DoNotDisturb"
    When the client stops the monitor on "201"
    And the client turns do not disturb on on "201"
    Then the monitor on "201" reports nothing

  @CME-CTI-SESSION-012 @CME-CTI-SESSION-013 @lab-control
  Scenario: The client refreshes its session with a re-INVITE and the session stays up
    Given a CTI client "app1" with a session on line "201"
    When 1801 seconds pass
    Then the client has refreshed the session
    And the session of client "app1" is still up

  @CME-CTI-SESSION-014 @lab-control
  Scenario: A session that is not refreshed expires and its dialog and monitors are deleted
    Given a CTI client "app1" with a session on line "201" that it does not refresh
    And the client starts a monitor on "201"
    When 1801 seconds pass
    Then the session has ended
    And show cti session lists "nothing"

  Scenario: The client ends its session with BYE
    Given a CTI client "app1" with a session on line "201"
    When the client ends the session
    Then the session has ended

  @CME-CTI-ADMIN-001 @CME-CTI-ADMIN-002 @lab-control
  Scenario: clear cti session id N tears down that session and no other
    Given a CTI client "app1" with a session on line "201"
    And a CTI client "app2" with a session on line "202"
    Then show cti session lists "1:app1, 2:app2"
    When the administrator clears CTI session 1
    Then the session of client "app1" has ended
    And the session of client "app2" is still up
    And show cti session lists "2:app2"

  @CME-CTI-ADMIN-001 @CME-CTI-ADMIN-002 @lab-control
  Scenario: After a refused session, clear cti session id N ends the session show cti session listed
    When the CTI client "app1" asks for a session on line "299"
    Then the session is refused with "operation/invalidDeviceID"
    Given a CTI client "app2" with a session on line "202"
    When the administrator looks up the session of client "app2" with show cti session
    And the administrator clears that session with clear cti session id N
    Then the CME ended the session of client "app2" with a BYE
    And show cti session lists "nothing"
