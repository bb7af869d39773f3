Feature: CTI switches of voice service voip (CME CSTA guide "Enable CTI CSTA in Cisco Unified CME")

  @CME-CTI-CFG-001
  Scenario: Without no cti shutdown every CTI session is refused
    Given a CME running "labs/cme-cti-shutdown.cfg"
    When the CTI client "app1" asks for a session on line "201"
    Then the session is refused with "systemResourceAvailibility/resourceOutOfService"

  @CME-CTI-CFG-004 @CME-CTI-CFG-006
  Scenario: cti csta mode basic drops DigitsGenerated; suppress-conversion keeps bare device ids
    Given a CME running "labs/cme-cti-basic.cfg"
    And phones 1 and 2 are registered
    And CTI clients with sessions and monitors on lines "201, 202"
    When the client asks for the CSTA features
    Then the CSTA events do not include "digitsGenerated"
    When the client makes a call from "201" to "202"
    Then the monitor on "201" reports "ServiceInitiated, Originated, Delivered"
    And the monitor on "201" names the device "201"

  @CME-CTI-CFG-002 @CME-CTI-CFG-003 @CME-CTI-CFG-005 @CME-CTI-CFG-007 @CME-CTI-CFG-009 @CME-CTI-SM-001
  Scenario: A MOC client is served with mode basic and without callmonitor, gcid, suppress-conversion, xml user or a session manager
    Given a CME running "labs/cme-moc.cfg"
    And phones 1 and 2 are registered
    And a MOC client "moc1" with a session on line "201"
    When the client starts a monitor on "201"
    And the client makes a call from "201" to "202"
    Then the monitor on "201" reports "ServiceInitiated, Originated, Delivered"
    And the monitor on "201" names the device "tel:201;phone-context=dialstring"

  @CME-CTI-RESTRICT-008 @CME-CTI-DEV-001 @CME-CTI-DEV-002
  Scenario: emadmin login and logout on an Extension Mobility phone
    Given a CME running "labs/cme-moc.cfg"
    And phones 3 are registered
    When a MOC client "moc1" asks for a session on line "203"
    Then the session is refused with "operation/privilegeViolationSpecifiedDevice"
    When emadmin logs in "user204" on ephone 3
    Then phone 3 has the lines "204"
    Given a MOC client "moc2" with a session on line "204"
    When the client starts a monitor on "204"
    Then the client request was accepted
    When emadmin logs out "user204"
    Then phone 3 has the lines "203"
