Feature: What a CSTA client may control (CME CSTA guide "Restriction" and CTI device configuration)

  Background:
    Given a CME running "labs/cme-cti-restrictions.cfg"
    And phones 1, 2 and 3 are registered

  @CME-CTI-DEV-003
  Scenario: A DN without cti watch can be neither monitored nor controlled
    Given a CTI client "app1" with a session on line "204"
    When the client starts a monitor on "204"
    Then the request is refused with "operation/privilegeViolationSpecifiedDevice"
    When the client turns do not disturb on on "204"
    Then the request is refused with "operation/privilegeViolationSpecifiedDevice"

  @CME-CTI-RESTRICT-001 @CME-CTI-RESTRICT-002
  Scenario Outline: Only SCCP IP phones: a DN on an <device> is refused
    Given a CTI client "app1" with a session on line "<dn>"
    When the client starts a monitor on "<dn>"
    Then the request is refused with "operation/requestIncompatibleWithObject"

    Examples:
      | device | dn  |
      | ATA    | 205 |
      | VG224  | 212 |

  @CME-CTI-RESTRICT-003
  Scenario: Overlay DNs are refused
    Given a CTI client "app1" with a session on line "206"
    When the client starts a monitor on "206"
    Then the request is refused with "operation/requestIncompatibleWithObject"
    Given a MOC client "moc1" with a session on line "207"
    When the client starts a monitor on "207"
    Then the request is refused with "operation/requestIncompatibleWithObject"

  @CME-CTI-RESTRICT-007 @pics-moc-client
  Scenario: Shared lines are refused for MOC clients only
    Given a MOC client "moc1" with a session on line "208"
    When the client starts a monitor on "208"
    Then the request is refused with "operation/requestIncompatibleWithObject"
    Given a CTI client "app1" with a session on line "208"
    When the client starts a monitor on "208"
    Then the client request was accepted

  @CME-CTI-DEV-005 @CME-CTI-DEV-006
  Scenario: A DN with no phone can be monitored only with cti notify
    Given a CTI client "app1" with a session on line "209"
    When the client starts a monitor on "209"
    Then the client request was accepted
    Given a CTI client "app2" with a session on line "210"
    When the client starts a monitor on "210"
    Then the request is refused with "systemResourceAvailibility/deviceOutOfService"

  @CME-CTI-RESTRICT-005
  Scenario: A prompted MakeCall is refused on a 7921
    Given a CTI client "app1" with a session on line "211"
    When the client makes a prompted call from "211" to "201"
    Then the request is refused with "operation/requestIncompatibleWithCallingDevice"

  @CME-CTI-RESTRICT-006 @pics-moc-client
  Scenario: A prompted MakeCall is refused for a MOC client
    Given a MOC client "moc1" with a session on line "201"
    When the client makes a prompted call from "201" to "203"
    Then the request is refused with "operation/requestIncompatibleWithCallingDevice"

  Scenario: A prompted MakeCall on a 7961 rings the phone first and the call starts at off-hook
    Given a CTI client "app1" with a session on line "201"
    And the client starts a monitor on "201"
    When the client makes a prompted call from "201" to "209"
    And the monitor on "201" reports nothing
    When phone 1 goes off hook
    Then the monitor on "201" reports "ServiceInitiated, Originated, Delivered"

  @CME-CTI-RESTRICT-004
  Scenario Outline: A prompted MakeCall is refused on an <device>
    Given a CTI client "app1" with a session on line "<dn>"
    When the client makes a prompted call from "<dn>" to "201"
    Then the request is refused with "operation/requestIncompatibleWithObject"

    Examples:
      | device | dn  |
      | ATA    | 205 |
      | VG224  | 212 |
