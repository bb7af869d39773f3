@pics-session-manager
Feature: Session managers (CME CSTA guide "Create a Session Manager")

  @CME-CTI-SM-004 @CME-CTI-SM-006 @lab-control
  Scenario: A cti-aware session server accepts the REGISTER of its register-id
    Given a CME running "labs/cme-session-manager.cfg"
    When the application registers as "apps" for 60 seconds
    Then the registration is accepted for 60 seconds
    And the CME lists the session manager "apps" as registered

  @CME-CTI-SM-005 @lab-control
  Scenario: A session-manager registration expires after keepalive seconds
    Given a CME running "labs/cme-session-manager.cfg"
    When the application registers as "apps" for 60 seconds
    And 61 seconds pass
    Then the CME lists the session manager "apps" as not registered

  @CME-CTI-SM-002 @CME-CTI-SM-003 @lab-control
  Scenario: Several session managers; a registered cti-aware one opens CTI sessions as a session manager
    Given a CME running "labs/cme-cti-session-managers.cfg"
    And phones 1 and 2 are registered
    When the application registers as "apps" for 60 seconds
    Then the registration is accepted for 60 seconds
    When the application registers as "crm" for 300 seconds
    Then the registration is accepted for 300 seconds
    And the CME lists the session manager "apps" as registered
    And the CME lists the session manager "crm" as registered
    Given a CTI client "apps" with a session on line "201"
    Then the CME sees client "apps" as a session-manager client
    When the application registers as "plain" for 300 seconds
    And a CTI client "plain" with a session on line "202"
    Then the CME sees client "plain" as a generic client

  @CME-CTI-SM-005
  Scenario: The CME grants a session manager no more than its keepalive
    Given a CME running "labs/cme-session-manager.cfg"
    When the application registers as "apps" for 3600 seconds
    Then the registration is accepted for 60 seconds

  @CME-CTI-CFG-008 @lab-control
  Scenario: registrar server expires min and max bound the session-manager registrations
    Given a CME running "labs/cme-cti-registrar.cfg"
    When the application registers as "apps" for 30 seconds
    Then the registration is refused with 423 and Min-Expires 60
    And the CME lists the session manager "apps" as not registered
    When the application registers as "apps" for 3600 seconds
    Then the registration is accepted for 600 seconds
    And the CME lists the session manager "apps" as registered
    When the application registers as "crm" for 3600 seconds
    Then the registration is accepted for 300 seconds
