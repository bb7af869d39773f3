Feature: CUCM CTI redundancy: an application's primary and backup CTI gateways
  Cisco Unified CM System Configuration Guide, "Configure CTI Applications", "CTI Redundancy on
  CTIManager": an application uses the CTIManagers configured for it as primary and backup; it
  connects to the primary and, when that fails, to the backup. The lab's reference client takes an
  ordered list of 1 to 8 CTI gateway addresses (simulators/tr87/tr87-gateway-list.ts): it tries
  them in order, and after losing its session it goes on from the address after the one that
  failed and reopens its monitors.
  Lab labs/cucm-two-gateways.yaml: CTI gateways cucm-imp (CTIManagers [cucm-sub1, cucm-pub]) and
  cucm-imp2 (CTIManagers [cucm-pub, cucm-sub1]); "carol" is given [cucm-imp, cucm-imp2].

  Background:
    Given the CUCM cluster of "labs/cucm-two-gateways.yaml" is running
    And the cluster's phones are registered
    And "carol" is given the CTI gateway addresses of "cucm-imp, cucm-imp2"

  @CUCM-RED-006
  Scenario: The primary gateway is down when the application starts: it connects to the backup
    When the CTI gateway "cucm-imp" fails
    And "carol" connects on line "1001" through its CTI gateway list
    Then "carol" is connected to the CTI gateway "cucm-imp2" after trying "cucm-imp refused"
    And the cluster has the CTI session of "carol" on "cucm-imp2"
    And the CTI session of "carol" is served by "cucm-pub"
    When "carol" starts a monitor on "1001" through its CTI gateway list
    And the phone on "1002" calls "1001"
    Then "carol" gets a DeliveredEvent for "1001"

  @CUCM-RED-006
  Scenario: The primary gateway fails while the application is connected: it reconnects to the backup and reopens its monitors
    When "carol" connects on line "1001" through its CTI gateway list
    Then "carol" is connected to the CTI gateway "cucm-imp" after trying ""
    And the CTI session of "carol" is served by "cucm-sub1"
    When "carol" starts a monitor on "1001" through its CTI gateway list
    And the CTI gateway "cucm-imp" fails
    Then "carol" is connected to the CTI gateway "cucm-imp2" after trying ""
    And the cluster has the CTI session of "carol" on "cucm-imp2"
    And the CTI session of "carol" monitors "1001" again
    And the CTIManager on "cucm-sub1" counts 0 open devices
    And the CTIManager on "cucm-pub" counts 1 open device
    When the phone on "1002" calls "1001"
    Then "carol" gets a DeliveredEvent for "1001"
