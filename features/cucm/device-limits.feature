Feature: CTIManager device limits of a CUCM cluster
  The CTIManager service parameters are clusterwide ("Configure CTIManager Service Parameters"):
  Maximum Devices Per Provider bounds the devices one application connection has open, Maximum
  Devices Per Node the devices all applications have open on one CTIManager. Exceeding either
  raises an alarm and the applications keep working. Each scenario sets small limits; the lab
  (labs/cucm-routing.yaml) has two CTI gateways: cucm-imp serves its sessions on the CTIManager of
  cucm-sub1, cucm-imp2 on the one of cucm-pub.

  @CUCM-LIMIT-001
  Scenario: A device limit set once is enforced on every CTIManager node
    Given the CUCM cluster of "labs/cucm-routing.yaml" is running with service parameters:
      | maxDevicesPerProvider | 2 |
    And the cluster's phones are registered
    When "carol" has a CTI session through "cucm-imp" on line "1001" monitoring "1001, 1002, 1003"
    And "rp-app" has a CTI session through "cucm-imp2" on line "2000" monitoring "2000, 2100, 3000"
    Then "carol" is served by the CTIManager on "cucm-sub1"
    And "rp-app" is served by the CTIManager on "cucm-pub"
    And the cluster raised the alarm "Maximum Devices Per Provider" on "cucm-sub1" for "carol" with limit 2 and count 3
    And the cluster raised the alarm "Maximum Devices Per Provider" on "cucm-pub" for "rp-app" with limit 2 and count 3

  @CUCM-LIMIT-002 @CUCM-LIMIT-006
  Scenario: Opening one device more than Maximum Devices Per Provider raises the per-provider alarm
    Given the CUCM cluster of "labs/cucm-routing.yaml" is running with service parameters:
      | maxDevicesPerProvider | 2 |
    And the cluster's phones are registered
    And "carol" has a CTI session on line "1001" monitoring "1001, 1002"
    Then the cluster raised no alarm
    When "carol" starts a monitor on "1003"
    Then the cluster raised the alarm "Maximum Devices Per Provider" for "carol" with limit 2 and count 3
    And the cluster raised 1 alarm "Maximum Devices Per Provider"
    And the observation stream carries the alarm "Maximum Devices Per Provider" for "carol" with limit 2 and count 3

  @CUCM-LIMIT-004 @CUCM-LIMIT-006
  Scenario: Opening one device more than Maximum Devices Per Node on a node raises the per-node alarm; other nodes do not count
    Given the CUCM cluster of "labs/cucm-routing.yaml" is running with service parameters:
      | maxDevicesPerNode | 3 |
    And the cluster's phones are registered
    When "carol" has a CTI session through "cucm-imp" on line "1001" monitoring "1001, 1002"
    And "rp-app" has a CTI session through "cucm-imp2" on line "2000" monitoring "2000, 2100"
    And "alice" has a CTI session through "cucm-imp" on line "1001" monitoring "1001"
    Then the CTIManager on "cucm-sub1" counts 3 open devices
    And the CTIManager on "cucm-pub" counts 2 open devices
    And the cluster raised no alarm
    When "carol" starts a monitor on "1003"
    Then the CTI request succeeded
    And the cluster raised the alarm "Maximum Devices Per Node" for "cucm-sub1" with limit 3 and count 4
    And the cluster raised 1 alarm "Maximum Devices Per Node"
    And the observation stream carries the alarm "Maximum Devices Per Node" for "cucm-sub1" with limit 3 and count 4

  @CUCM-LIMIT-007
  Scenario: Past the per-provider limit the extra device is opened and works like the others
    Given the CUCM cluster of "labs/cucm-routing.yaml" is running with service parameters:
      | maxDevicesPerProvider | 2 |
    And the cluster's phones are registered
    And "carol" has a CTI session on line "1001" monitoring "1001, 1002"
    When "carol" starts a monitor on "1003"
    Then the CTI request succeeded
    And the cluster raised the alarm "Maximum Devices Per Provider" for "carol" with limit 2 and count 3
    When the phone on "1001" calls "1003"
    Then "carol" gets a DeliveredEvent for "1003"
    When "carol" answers the call at "1003"
    Then the CTI request succeeded
    And the phone on "1003" is in a connected call
    And the phone on "1001" is in a connected call
