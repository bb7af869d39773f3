Feature: Where the CTI interface is reached (CME CSTA guide "Enable CTI CSTA")

  @CME-CTI-CFG-010 @lab-control
  Scenario: The CTI interface is on the router address of telephony-service ip source-address
    Given a CME running "labs/cme-cti-restrictions.cfg"
    And phones 1 and 2 are registered
    Then the CTI interface listens on the address of the SCCP listener
    Given a CTI client "app1" with a session on line "201" at the SCCP listener address
    Then the session is up with system status normal
    When the client starts a monitor on "201"
    Then the client request was accepted
