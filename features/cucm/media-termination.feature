Feature: Media termination at CTI route points and CTI ports of a CUCM cluster
  "Applications that want to terminate media for calls at route points must specify the media and
  port for the call on a per-call basis. CTI applications can terminate media on CTI ports and CTI
  route points using either static or dynamic IP addresses and port numbers." (Cisco Unified CM
  System Configuration Guide, "CTI Route Points Overview"); "CTI provides IP address information
  through the JTAPI and TAPI interfaces, which can support IPv4 and IPv6 addresses." ("CTI
  prerequisites"). CUCM takes the media address over CTIQBE; TR/87 has no such parameter, so the
  lab carries it as ECMA-323 private data: `<media xmlns="urn:ctilab:cucm" address port/>` in
  AnswerCall (the application's media for that call) and in the EstablishedEvent (where the calling
  phone receives RTP). An answer with neither per-call nor static media fails, as Cisco's TAPI
  guide says of a feature invoked before the address and port are set ("Dynamic Port
  Registration"). The lab (labs/cucm-media.yaml): route point RP2000 (2000) without static media,
  RP2100 (2100) with 10.0.21.1:21000, CTI ports CTIP3000 (3000) with 10.0.30.1:30000, CTIP3100
  (3100) with [2001:db8::31]:31000, CTIP3200 (3200) without; application user media-app.

  Background:
    Given the CUCM cluster of "labs/cucm-media.yaml" is running
    And the cluster's phones are registered
    And "media-app" has a CTI session on line "2000" monitoring "2000, 2100, 3000, 3100, 3200"

  @CUCM-APP-002
  Scenario: Two calls answered at one route point with different media each stream to their own
    When the phone on "1001" calls "2000"
    And the phone on "1002" calls "2000"
    And "media-app" answers the call from "1001" at "2000" with media "127.0.0.21" port 20000
    Then the CTI request succeeded
    When "media-app" answers the call from "1002" at "2000" with media "127.0.0.22" port 20002
    Then the CTI request succeeded
    And the phone on "1001" streams to "127.0.0.21" port 20000
    And the phone on "1002" streams to "127.0.0.22" port 20002
    And the StartMediaTransmission to the phone on "1001" carries "127.0.0.21" in its IPv4 field

  @CUCM-APP-002
  Scenario: A route point call answered without media for it is refused and keeps ringing
    When the phone on "1001" calls "2000"
    And "media-app" answers the call from "1001" at "2000" giving no media
    Then the CTI request is refused with "operation/requestIncompatibleWithMedia"
    And "media-app" sees the calls at "2000" as "alerting"
    And the phone on "1001" hears "ringback"
    And the phone on "1001" has no media open

  @CUCM-APP-002
  Scenario Outline: Media that is no address and port is refused
    When the phone on "1001" calls "2000"
    And "media-app" answers the call from "1001" at "2000" with media "<address>" port <port>
    Then the CTI request is refused with "operation/invalidParameterValue"
    And "media-app" sees the calls at "2000" as "alerting"

    Examples:
      | address      | port  |
      | not-an-ip    | 20000 |
      | 10.0.0       | 20000 |
      | fe80::1%eth0 | 20000 |
      | 127.0.0.21   | 0     |
      | 127.0.0.21   | 65536 |

  @CUCM-APP-003
  Scenario: A route point and a CTI port with static media: their calls stream there without per-call media
    When the phone on "1001" calls "2100"
    And the phone on "1002" calls "3000"
    And "media-app" answers the call from "1001" at "2100" giving no media
    Then the CTI request succeeded
    When "media-app" answers the call from "1002" at "3000" giving no media
    Then the CTI request succeeded
    And the phone on "1001" streams to "10.0.21.1" port 21000
    And the phone on "1002" streams to "10.0.30.1" port 30000

  @CUCM-APP-003
  Scenario: Media given for a call wins over the device's static media
    When the phone on "1001" calls "3000"
    And "media-app" answers the call from "1001" at "3000" with media "127.0.0.30" port 30030
    Then the CTI request succeeded
    And the phone on "1001" streams to "127.0.0.30" port 30030

  @CUCM-APP-003
  Scenario: A CTI port without static media takes media per call
    When the phone on "1001" calls "3200"
    And "media-app" answers the call from "1001" at "3200" giving no media
    Then the CTI request is refused with "operation/requestIncompatibleWithMedia"
    When "media-app" answers the call from "1001" at "3200" with media "127.0.0.32" port 32000
    Then the CTI request succeeded
    And the phone on "1001" streams to "127.0.0.32" port 32000

  @CUCM-CFG-005
  Scenario: The application learns an IPv4 phone's RTP address as IPv4 and an IPv6 one's as IPv6
    Given the phone on "1003" speaks SCCP version 20 and receives RTP on "::1"
    When the phone on "1001" calls "2000"
    And "media-app" answers the call from "1001" at "2000" with media "127.0.0.21" port 20000
    Then "media-app" learns from the EstablishedEvent at "2000" the phone on "1001"'s RTP address, an IPv4 one
    When the phone on "1003" calls "2000"
    And "media-app" answers the call from "1003" at "2000" with media "127.0.0.23" port 20004
    Then "media-app" learns from the EstablishedEvent at "2000" the phone on "1003"'s RTP address, an IPv6 one

  @CUCM-CFG-005
  Scenario: IPv6 media goes in the IPv6 field of a version 17+ phone's StartMediaTransmission
    Given the phone on "1004" speaks SCCP version 20 and receives RTP on "127.0.0.1"
    When the phone on "1004" calls "3100"
    And "media-app" answers the call from "1004" at "3100" giving no media
    Then the CTI request succeeded
    And the phone on "1004" streams to "2001:db8::31" port 31000
    And the StartMediaTransmission to the phone on "1004" carries "2001:db8::31" in its IPv6 field

  @CUCM-CFG-005
  Scenario: A version 15 phone has only an IPv4 field: an answer with IPv6 media for its call is refused
    When the phone on "1001" calls "3100"
    And "media-app" answers the call from "1001" at "3100" giving no media
    Then the CTI request is refused with "operation/requestIncompatibleWithMedia"
    And the phone on "1001" has no media open
