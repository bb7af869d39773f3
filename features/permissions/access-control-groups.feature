Feature: CUCM access control groups decide who connects and which devices a CTI user reaches
  Cisco Unified CM System Configuration Guide, "Configure CTI Applications" > "Access Control
  Group Configuration Options" and "Associate Devices with Groups": a user needs Standard CTI
  Enabled to connect, reaches only its Controlled Devices unless it is in Standard CTI Allow
  Control of All Devices, and a Standard CTI Secure Connection user needs TLS on a cluster with
  security enabled. In the lab (labs/cucm-cluster.yaml): alice (Standard CTI Enabled, controls
  SEP0000000CA001 = 1001), bob (no CTI group), carol (Standard CTI Enabled + Allow Control of All
  Devices), dave (Standard CTI Enabled + Secure Connection), rp-app (application user, Standard
  CTI Enabled, controls RP2000). A refused device request is CSTA operation
  privilegeViolationSpecifiedDevice; a refused session is 403 Forbidden.

  Background:
    Given the CUCM cluster of "labs/cucm-cluster.yaml" is running
    And the cluster's phones are registered

  @CUCM-ACG-001
  Scenario: A user outside Standard CTI Enabled cannot connect
    When "bob" opens a CTI session on line "1002"
    Then the CTI session is refused with status 403 and "operation/privilegeViolationSpecifiedDevice"

  @CUCM-ACG-002
  Scenario: A Standard CTI Enabled user connects and controls its Controlled Devices
    When "alice" opens a CTI session on line "1001"
    Then the CTI session of "alice" is up
    When "alice" starts a monitor on "1001"
    Then the CTI request succeeded
    When "alice" makes a call from "1001" to "1002"
    Then the CTI request succeeded
    And the phone on "1002" rings

  @CUCM-ACG-004
  Scenario: Without Allow Control of All Devices, another device is refused and the session keeps working
    Given "alice" has a CTI session on line "1001" monitoring "1001"
    When "alice" starts a monitor on "1002"
    Then the CTI request is refused with "operation/privilegeViolationSpecifiedDevice"
    When "alice" makes a call from "1002" to "1003"
    Then the CTI request is refused with "operation/privilegeViolationSpecifiedDevice"
    And the phone on "1003" does not ring
    When the phone on "1003" calls "1001"
    Then "alice" gets a DeliveredEvent for "1001"
    And the CTI session of "alice" is still up

  @CUCM-ACG-004
  Scenario: A session on a line the user does not control is refused at set-up
    When "alice" opens a CTI session on line "1002"
    Then the CTI session is refused with status 403 and "operation/privilegeViolationSpecifiedDevice"

  @CUCM-ACG-005
  Scenario: Allow Control of All Devices reaches every device of the cluster
    Given "carol" has a CTI session on line "1001" monitoring "1001, 1002, 1003"
    When "carol" makes a call from "1002" to "1003"
    Then the CTI request succeeded
    And "carol" gets a DeliveredEvent for "1003"

  @CUCM-ACG-003
  Scenario: An application user connects and controls its Controlled Devices as an end user does
    When "rp-app" opens a CTI session on line "2000"
    Then the CTI session of "rp-app" is up
    When "rp-app" starts a monitor on "2000"
    Then the CTI request succeeded
    When "rp-app" starts a monitor on "1001"
    Then the CTI request is refused with "operation/privilegeViolationSpecifiedDevice"

  @CUCM-ACG-002 @CUCM-ACG-003 @CUCM-ACG-004 @CUCM-ACG-005
  Scenario Outline: Group membership x device: who may monitor what
    When "<user>" opens a CTI session on line "<line>"
    And "<user>" starts a monitor on "<device>"
    Then the CTI request <outcome>

    Examples:
      | user   | line | device | outcome                                                          |
      | alice  | 1001 | 1001   | succeeded                                                        |
      | alice  | 1001 | 1003   | is refused with "operation/privilegeViolationSpecifiedDevice"    |
      | alice  | 1001 | 2000   | is refused with "operation/privilegeViolationSpecifiedDevice"    |
      | carol  | 1002 | 1003   | succeeded                                                        |
      | carol  | 1002 | 2000   | succeeded                                                        |
      | rp-app | 2000 | 2000   | succeeded                                                        |
      | rp-app | 2000 | 1002   | is refused with "operation/privilegeViolationSpecifiedDevice"    |

  @CUCM-ACG-013 @lab-control
  Scenario Outline: A Secure Connection user is served over TLS only
    Given the CUCM cluster of "labs/cucm-cluster.yaml" is running with "dave" controlling "SEP0000000CA001"
    When "dave" opens a CTI session on line "1001" over <transport>
    Then <outcome>

    Examples:
      | transport | outcome                                    |
      | TCP       | the CTI session is refused with status 403 |
      | UDP       | the CTI session is refused with status 403 |
      | TLS       | the CTI session of "dave" is up            |

  @CUCM-ACG-014 @lab-control
  Scenario: A Secure Connection user is refused by a cluster without security
    Given the CUCM cluster of "labs/cucm-cluster.yaml" is running without cluster security
    When "dave" opens a CTI session on line "1001"
    Then the CTI session is refused with status 403
