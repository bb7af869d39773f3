Feature: CTI device settings from an ephone-dn-template (CME CSTA guide Steps 6-7)

  Background:
    Given a CME running "labs/cme-cti-templates.cfg"
    And phones 1 and 2 are registered

  @CME-CTI-DEV-004
  Scenario: A DN takes cti watch from its template; the DN's own no cti watch has priority
    Given a CTI client "app1" with a session on line "301"
    When the client starts a monitor on "301"
    Then the client request was accepted
    Given a CTI client "app2" with a session on line "302"
    When the client starts a monitor on "302"
    Then the request is refused with "operation/privilegeViolationSpecifiedDevice"
