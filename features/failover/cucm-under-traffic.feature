Feature: CUCM failover under traffic: which calls survive, and no CSTA event lost or duplicated
  Cisco Unified CM System Configuration Guide, "CTI Redundancy on Cisco Unified Communications
  Manager" and "CTI Redundancy on CTIManager". Each scenario lists the calls that survived and the
  calls that were cleared (attached to the report), and compares the CSTA events the application
  received for every monitored device with the call model's own event stream: each model event a
  device's monitor must report arrives exactly once while that monitor is open.
  Lab labs/cucm-traffic.yaml: 1001, 1002 and 1006 home on cucm-sub1 (G1 = [cucm-sub1, cucm-pub]);
  1003, 1004 and 1005 home on cucm-pub (G2 = [cucm-pub, cucm-sub1]); the CTI gateway uses the
  CTIManagers [cucm-sub1, cucm-pub].

  Background:
    Given the CUCM cluster of "labs/cucm-traffic.yaml" is running
    And the cluster's phones are registered
    And "carol" opens a CTI session on line "1001"
    And "carol" monitors the phones "1001, 1002, 1003, 1004, 1005, 1006", keeping the monitor references
    And these calls are connected:
      | from | to   |
      | 1001 | 1002 |
      | 1003 | 1004 |
      | 1005 | 1006 |

  @CUCM-RED-001 @CUCM-RED-002 @CUCM-RED-004
  Scenario: A CallManager node fails under traffic: its phones' calls are cleared, the others survive
    When the CallManager service of "cucm-sub1" fails
    Then the phones on "1001, 1002, 1006" are registered with "cucm-pub"
    And the calls fared as follows:
      | call      | fate     |
      | 1001-1002 | cleared  |
      | 1003-1004 | survived |
      | 1005-1006 | cleared  |
    And "carol" gets an OutOfServiceEvent and then a BackInServiceEvent for "1001"
    When these calls are connected:
      | from | to   |
      | 1001 | 1006 |
      | 1002 | 1005 |
    Then every event of the call model for "1001, 1002, 1003, 1004, 1005, 1006" reached "carol" exactly once

  @CUCM-RED-005 @CUCM-RED-007
  Scenario: A CTIManager fails under traffic: every call survives and the reopened monitors miss nothing
    When the CTIManager service of "cucm-sub1" fails
    Then the CTI session of "carol" has ended
    And the calls fared as follows:
      | call      | fate     |
      | 1001-1002 | survived |
      | 1003-1004 | survived |
      | 1005-1006 | survived |
    When "carol" opens a CTI session on line "1001"
    Then the CTI session of "carol" is served by "cucm-pub"
    When "carol" monitors the phones "1001, 1002, 1003, 1004, 1005, 1006", keeping the monitor references
    And "carol" takes a snapshot of "1001"
    Then the CTI snapshot lists 1 call
    When the phone on "1001" hangs up
    And the phone on "1003" hangs up
    Then the calls fared as follows:
      | call      | fate     |
      | 1001-1002 | cleared  |
      | 1003-1004 | cleared  |
      | 1005-1006 | survived |
    And every event of the call model for "1001, 1002, 1003, 1004, 1005, 1006" reached "carol" exactly once
