Feature: A CUCM cluster serves its phones through their CM groups and its CTI users through the CTI gateway
  The lab's CUCM cluster (labs/cucm-cluster.yaml) has two servers, cucm-pub and cucm-sub1, each
  running CallManager and CTIManager; CM group G1 lists cucm-sub1 first. CTI clients speak TR/87
  (CSTA over SIP) to the IM and Presence CTI gateway cucm-imp, which authenticates them with SIP
  digest against the user's password and maps each session to an application connection on a
  CTIManager (Cisco Unified CM System Configuration Guide, "Configure CTI Applications").

  Background:
    Given the CUCM cluster of "labs/cucm-cluster.yaml" is running
    And the cluster's phones are registered

  @CUCM-CFG-001 @lab-control
  Scenario: The cluster runs CallManager and CTIManager on exactly the servers that activate them
    Then the cluster serves SCCP on "cucm-pub, cucm-sub1"
    And the cluster runs a CTIManager on "cucm-pub, cucm-sub1"

  @CUCM-CFG-006
  Scenario: Every phone registers with the first node of its device pool's CM group
    Then the phone on "1001" is registered with "cucm-sub1"
    And the phone on "1002" is registered with "cucm-sub1"
    And the phone on "1003" is registered with "cucm-sub1"

  @CUCM-CFG-004
  Scenario: A session INVITE without credentials is challenged; the user's own password opens it
    When "alice" opens a CTI session on line "1001" without credentials
    Then the CTI session is refused with status 401
    When "alice" opens a CTI session on line "1001"
    Then the CTI session of "alice" is up

  @CUCM-CFG-004
  Scenario Outline: Wrong credentials never open a session
    When "<user>" opens a CTI session on line "1001" with the password "<password>"
    Then the CTI session is refused with status 401

    Examples:
      | user    | password   |
      | alice   | bob-pw     |
      | alice   | Alice-pw   |
      | mallory | mallory-pw |

  @CUCM-CFG-003
  Scenario: Only configured devices can be opened
    Given "carol" has a CTI session on line "1001" monitoring "1001"
    When "carol" starts a monitor on "4999"
    Then the CTI request is refused with "operation/invalidDeviceID"
    When "carol" starts a monitor on "tel:1001;device=SEP0000000CA002"
    Then the CTI request is refused with "operation/invalidDeviceID"
    When "carol" starts a monitor on "tel:1001;phone-context=dialstring;device=SEP0000000CA001"
    Then the CTI request succeeded

  @CUCM-APP-001
  Scenario: A call offered to a monitored device tells the application who calls
    Given "carol" has a CTI session on line "1001" monitoring "1001"
    When the phone on "1002" calls "1001"
    Then the phone on "1001" rings
    And the DeliveredEvent of "carol" names "1002" as the caller
