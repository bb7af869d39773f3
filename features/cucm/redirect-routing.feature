Feature: A redirect from a route point is routed with the calling search space of the redirecting line and device
  Cisco Unified CM System Configuration Guide, "Configure CTI Applications" > "CTI Route Points
  Overview": an application redirects calls from a route point; the redirect is routed with the
  calling search space of the line, then of the device (labs/cucm-partitions.yaml: 1001 and 1002
  in partition Internal, 1003 in Executive, 1004 in none; RP2000's line CSS reaches Internal only;
  RP2100's device CSS reaches both). A destination the CSS does not reach is refused with
  operation invalidDestination and the call stays at the route point.

  Background:
    Given the CUCM cluster of "labs/cucm-partitions.yaml" is running
    And the cluster's phones are registered

  @CUCM-RP-005
  Scenario Outline: Redirect from <route point> to <destination>
    Given "rp-app" has a CTI session on line "<route point>" monitoring "<route point>"
    When the phone on "1001" calls "<route point>"
    Then "rp-app" gets a DeliveredEvent for "<route point>"
    When "rp-app" redirects the call at "<route point>" to "<destination>"
    Then the CTI request <outcome>

    Examples:
      | route point | destination | outcome                                           |
      | 2000        | 1002        | succeeded                                         |
      | 2000        | 1004        | succeeded                                         |
      | 2000        | 1003        | is refused with "operation/invalidDestination"    |
      | 2100        | 1003        | succeeded                                         |

  @CUCM-RP-005
  Scenario: A refused redirect leaves the call at the route point; a reachable one moves it
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    When the phone on "1001" calls "2000"
    Then "rp-app" gets a DeliveredEvent for "2000"
    When "rp-app" redirects the call at "2000" to "1003"
    Then the CTI request is refused with "operation/invalidDestination"
    And the phone on "1003" does not ring
    When "rp-app" redirects the call at "2000" to "1002"
    Then the CTI request succeeded
    And the phone on "1002" rings
