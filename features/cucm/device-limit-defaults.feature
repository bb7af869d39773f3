Feature: The CTIManager device limits have the defaults of the service parameters
  Cisco Unified CM System Configuration Guide, "Configure CTI Applications" > "Configure CTIManager
  and Cisco Unified Communications Manager Service Parameters": Maximum Devices Per Provider
  defaults to 2000 and Maximum Devices Per Node to 800; exceeding either raises an alarm while
  the application keeps working. Here one application user opens CTI ports of the cluster one
  MonitorStart at a time on the defaults of labs/cucm-cluster.yaml.

  @CUCM-LIMIT-005 @lab-control
  Scenario: The 800th device open on a CTIManager node raises no alarm, the 801st does
    Given the CUCM cluster of "labs/cucm-cluster.yaml" is running with 801 extra CTI ports controlled by "rp-app"
    And "rp-app" has a CTI session on line "2000" monitoring "2000"
    Then the CTI session of "rp-app" is served by "cucm-sub1"
    When "rp-app" opens 799 of the extra CTI ports
    Then the cluster raised no "Maximum Devices Per Node" alarm
    When "rp-app" opens 1 of the extra CTI ports
    Then the cluster raised the alarm "Maximum Devices Per Node" for "cucm-sub1" with limit 800 and count 801

  @CUCM-LIMIT-003 @lab-control
  Scenario: An application's 2000th device raises no per-provider alarm, its 2001st does
    Given the CUCM cluster of "labs/cucm-cluster.yaml" is running with 2001 extra CTI ports controlled by "rp-app"
    And "rp-app" has a CTI session on line "2000" monitoring "2000"
    When "rp-app" opens 1999 of the extra CTI ports
    Then the cluster raised no "Maximum Devices Per Provider" alarm
    When "rp-app" opens 1 of the extra CTI ports
    Then the cluster raised the alarm "Maximum Devices Per Provider" for "rp-app" with limit 2000 and count 2001
