Feature: CUCM CTI redundancy: a failed application is closed
  Cisco Unified CM System Configuration Guide, "Configure CTI Applications", "CTI Redundancy for
  Application Failure": the CTIManager closes an application that misses its heartbeat. Over TR/87
  the heartbeat is the session refresh (RFC 4028), so an application that stops refreshing is
  closed when its Session-Expires runs out: the gateway BYEs it (RFC 4028 §10), its monitors stop,
  and its dialog is gone (RFC 3261 §12.2.2: a later request in it gets 481). The application is
  SIPp (conformance/sipp/cucm-app-failure.xml), an independent SIP implementation, authenticating
  with SIP digest like any application user of the cluster.
  Lab labs/cucm-redundancy.yaml (Min-SE 90 s: the heartbeat minimum of 5 s is below RFC 4028's floor).

  Background:
    Given the CUCM cluster of "labs/cucm-redundancy.yaml" is running with its CTI gateway challenging with MD5 only
    And the cluster's phones are registered

  @CUCM-RED-012
  Scenario: An application that misses its heartbeat is closed: BYE, monitors stopped, 481 in its old dialog
    When SIPp, as the CTI application "carol" on line "1001", opens a session it never refreshes and monitors "1001"
    Then the cluster has a CTI session of "carol" monitoring "1001"
    And the CTIManager on "cucm-sub1" counts 1 open device
    When 89 seconds pass
    Then the cluster has a CTI session of "carol" monitoring "1001"
    When 2 seconds pass
    Then SIPp got the gateway's BYE and its next request in that dialog was answered 481
    And the cluster has no CTI session of "carol"
    And no CTIManager has a device open
    When the phone on "1002" calls "1001"
    Then the phone on "1001" rings
    And the CTI gateway sent no event INFO since the application failed

  @CUCM-RED-012
  Scenario: An application whose connection is lost is closed: monitors stopped, 481 in its old dialog
    # The application dies: SIPp exits after its MonitorStart and its TCP connection closes. The
    # gateway waits 64*T1 = 32 s for it to come back on a new connection (RFC 5626 §4.5), then ends
    # the session (simulators/tr87/README.md "TCP connection loss").
    When SIPp, as the CTI application "carol" on line "1001", opens a session, monitors "1001" and dies
    Then the cluster has a CTI session of "carol" monitoring "1001"
    When 31 seconds pass
    Then the cluster has a CTI session of "carol" monitoring "1001"
    When 2 seconds pass
    Then the cluster has no CTI session of "carol"
    And no CTIManager has a device open
    And a request SIPp sends in the dead application's old dialog is answered 481
    When the phone on "1002" calls "1001"
    Then the phone on "1001" rings
    And the CTI gateway sent no event INFO since the application failed
