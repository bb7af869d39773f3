@failover
Feature: CUCM redundancy on the lab runtimes: faults of the lab on a running cluster
  The cluster of labs/cucm-redundancy.yaml runs in a lab of the scenario's runtime (embedded in
  `npm test`'s feature run; the process runtime in the failoverProcess profile: one
  `ctilab serve cucm --console` child, its phones in a `ctilab phones` child; the containers
  runtime in the failoverContainers profile: one container running `ctilab serve cucm --admin`,
  its phones in another) and the lab's fault verbs fail a server (simulators/runtime/cucm-lab.ts). The CTI application is a TR/87 client of
  the test on the real clock. Cisco Unified CM System Configuration Guide, "CTI Redundancy on Cisco
  Unified Communications Manager" and "CTI Redundancy on CTIManager". On containers a server fault
  is a command POSTed to the cluster container's admin endpoint, as the process runtime writes it
  to the console.

  Background:
    Given the CUCM lab "labs/cucm-redundancy.yaml" is up on the scenario runtime
    Then in the lab, "SEP0000000CA001" is registered with "cucm-sub1"

  @CUCM-RED-002 @CUCM-RED-004
  Scenario: A killed CallManager node: its phones re-home and the application's devices come back in service
    Given in the lab, "carol" monitors "1001, 1002" from a CTI session on line "1001"
    When the lab fault "stop" hits "cucm-pub"
    And the lab fault "restore" hits "cucm-pub"
    And the lab fault "kill" hits "cucm-sub1"
    Then in the lab, the CTI session of "carol" ends
    And in the lab, "SEP0000000CA001" is registered with "cucm-pub"
    And in the lab, "SEP0000000CA002" is registered with "cucm-pub"
    Given in the lab, "carol" monitors "1001, 1002" from a CTI session on line "1001"
    When in the lab, "carol" makes a call from "1001" to "1002"
    Then in the lab, "carol" gets a DeliveredEvent for "1002"
    And in the lab, a snapshot of "1002" by "carol" lists 1 call

  @CUCM-RED-001 @CUCM-RED-005
  Scenario: A restarted server: the route point re-homes and the reconnected application is offered its calls
    Given in the lab, "rp-app" monitors "2000" from a CTI session on line "2000"
    When the lab fault "restart" hits "cucm-sub1"
    Then in the lab, the CTI session of "rp-app" ends
    Given in the lab, "rp-app" monitors "2000" from a CTI session on line "2000"
    And in the lab, "carol" monitors "1002" from a CTI session on line "1002"
    When in the lab, "carol" makes a call from "1002" to "2000"
    Then in the lab, "rp-app" gets a DeliveredEvent for "2000"
