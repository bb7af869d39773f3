Feature: TR/87 client validation (ctilab validate-client)
  The lab plays the CME or the CUCM cluster and its phones; the CTI client is the implementation
  under test. Each run starts the profile's lab, runs the shipped TR/87 fixture client (the
  reference client, or one of its faults) in a child process, drives calls, upper-tester actions,
  a refused request, the end of the session or a CTI gateway failure, records every byte and
  grades the client-role rules from the pcap. The session timer is 4 s, so refreshes show.

  @CME-CTI-SESSION-001 @CME-CTI-SESSION-003 @CME-CTI-SESSION-005 @CME-CTI-SESSION-006 @CME-CTI-SESSION-008 @CME-CTI-SESSION-012 @CME-CTI-SESSION-013 @CME-CTI-SESSION-015 @CME-CTI-SESSION-016 @CME-CTI-SESSION-017
  Scenario: the cme-moc lab grades the reference TR/87 client all-pass
    When the TR/87 profile "cme-moc" validates the reference fixture client
    Then the TR/87 validation grades every rule of the profile pass

  Scenario Outline: the cme-moc lab fails a faulty TR/87 client on exactly the rules its fault breaks
    When the TR/87 profile "cme-moc" validates the fixture client with fault "<fault>"
    Then the TR/87 validation fails exactly "<rule>"

    @CME-CTI-SESSION-013
    Examples: no refresh
      | fault      | rule                |
      | no-refresh | CME-CTI-SESSION-013 |

    @CME-CTI-SESSION-008
    Examples: no monitor
      | fault      | rule                |
      | no-monitor | CME-CTI-SESSION-008 |

    @CME-CTI-SESSION-006
    Examples: no GetCSTAFeatures
      | fault         | rule                |
      | skip-features | CME-CTI-SESSION-006 |

    @CME-CTI-SESSION-012
    Examples: no session timer in the INVITE
      | fault              | rule                |
      | no-session-expires | CME-CTI-SESSION-012 |

    @CME-CTI-SESSION-015
    Examples: a body in another ECMA-323 namespace
      | fault           | rule                |
      | wrong-namespace | CME-CTI-SESSION-015 |

    @CME-CTI-SESSION-016
    Examples: the session ended on a CSTA error
      | fault        | rule                |
      | bye-on-error | CME-CTI-SESSION-016 |

    @CME-CTI-SESSION-017
    Examples: no new session after the CME ended it
      | fault        | rule                |
      | no-reconnect | CME-CTI-SESSION-017 |

  @CME-CTI-SM-007
  Scenario: the cme-session-manager lab grades the reference session-manager client all-pass
    When the TR/87 profile "cme-session-manager" validates the reference fixture client
    Then the TR/87 validation grades every rule of the profile pass

  @CME-CTI-SM-007
  Scenario: a session manager that lets its registration lapse fails CME-CTI-SM-007 only
    When the TR/87 profile "cme-session-manager" validates the fixture client with fault "no-reregister"
    Then the TR/87 validation fails exactly "CME-CTI-SM-007"

  @CUCM-RED-006 @CUCM-RED-010 @CUCM-RED-011
  Scenario: the cucm-rcc lab grades the reference CUCM application all-pass through two gateway failures
    When the TR/87 profile "cucm-rcc" validates the reference fixture client
    Then the TR/87 validation grades every rule of the profile pass

  @CUCM-RED-006
  Scenario: an application that does not reconnect after its gateway fails fails CUCM-RED-006
    When the TR/87 profile "cucm-rcc" validates the fixture client with fault "no-reconnect"
    Then the TR/87 validation fails exactly "CUCM-RED-006"

  @CUCM-RED-010
  Scenario: an application that starts on its backup gateway fails CUCM-RED-010
    When the TR/87 profile "cucm-rcc" validates the fixture client with fault "backup-first"
    Then the TR/87 validation fails exactly "CUCM-RED-010"
