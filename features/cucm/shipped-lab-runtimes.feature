@failover
Feature: The shipped CUCM lab on the lab runtimes: who may connect and what they may monitor
  Issue 10's walkthrough of labs/cucm-cluster.yaml on a lab of the scenario's runtime (embedded in
  `npm test`'s feature run; on the process runtime in the failoverProcess profile that is
  `ctilab serve cucm --console` plus `ctilab phones --topology`, as a user runs them; on the
  containers runtime in the failoverContainers profile, the same two commands in two containers): the three
  phones register, alice (Standard CTI Enabled, controls SEP0000000CA001) monitors 1001 and is
  refused 1002, bob (no CTI group) is refused the session, carol (Allow Control of All Devices)
  monitors both. Cisco Unified CM System Configuration Guide, "Access Control Group Configuration
  Options".

  @CUCM-ACG-001 @CUCM-ACG-004 @CUCM-ACG-005
  Scenario: The shipped lab on the scenario runtime: alice monitors 1001 and is refused 1002, bob is refused, carol monitors both
    Given the CUCM lab "labs/cucm-cluster.yaml" is up on the scenario runtime
    Then in the lab, "SEP0000000CA003" is registered with "cucm-sub1"
    When in the lab, "alice" opens a CTI session on line "1001"
    Then in the lab, the answer is "ok"
    When in the lab, "alice" starts a monitor on "1001"
    Then in the lab, the answer is "ok"
    When in the lab, "alice" starts a monitor on "1002"
    Then in the lab, the answer is "operation/privilegeViolationSpecifiedDevice"
    When in the lab, "bob" opens a CTI session on line "1002"
    Then in the lab, the answer is "403 CTI Session Refused"
    When in the lab, "carol" opens a CTI session on line "1001"
    And in the lab, "carol" starts a monitor on "1001"
    Then in the lab, the answer is "ok"
    When in the lab, "carol" starts a monitor on "1002"
    Then in the lab, the answer is "ok"
