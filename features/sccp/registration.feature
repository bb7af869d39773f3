Feature: SCCP phones register with the simulated CME
  A CME configured by an IOS running-config accepts the phones its ephones name, refuses the
  others, and supervises them with keepalives (reference: SCCP registration and keepalive).

  Background:
    Given a CME running "labs/cme-features.cfg"

  @SCCP-REG-001 @SCCP-REG-005 @SCCP-REG-006 @SCCP-FRAME-001
  Scenario: A configured phone registers
    When phone 1 registers
    Then phone 1 is registered
    And the CME answered phone 1's registration in this order:
      | RegisterAck     |
      | CapabilitiesReq |
    And phone 1 shows line 1 as "1001"
    And phone 1 shows the idle screen

  @SCCP-REG-002 @lab-control
  Scenario: A phone with a MAC no ephone has is rejected
    When a phone with MAC "00AABBCCDDEE" tries to register
    Then it is rejected with "Unknown device"
    And the CME has 0 phones registered

  @SCCP-REG-003 @lab-control
  Scenario: max-ephones limits how many phones register
    Given phones 1, 2, 3, 4, 5, 6, 7 and 8 are registered
    When phone 9 registers
    Then phone 9 is rejected with "max-ephones"
    And the CME has 8 phones registered

  @SCCP-REG-004 @lab-control
  Scenario: A second registration for a registered device is rejected
    Given phone 1 is registered
    When a phone with MAC "00AABB001001" tries to register
    Then it is rejected with "already registered"
    And the CME still has phone 1 registered

  @SCCP-KA-001 @SCCP-KA-002 @lab-control
  Scenario: A phone that stops keeping alive is unregistered; the others stay
    Given phone 1 is registered
    And a bare SCCP station registered as ephone 2
    When 100 seconds pass
    Then the CME no longer has phone 2 registered
    And the CME still has phone 1 registered
    And phone 1 is registered with the primary CME
