@client-validation
Feature: validate-client grades CTI Server clients (profiles acd-bridge and acd-agent)
  `ctilab validate-client --profile acd-bridge|acd-agent` starts the ACD lab with a duplexed CTI
  Server (sides A and B), tells the client where to connect, drives agent logins, a routed call,
  a call the client makes, a request the lab refuses (FAILURE_CONF), a heartbeat period, the
  death of the active side and its return, and the end of the session, records every byte and
  grades the client-role rules from the pcap (Cisco "CTI Server Message Reference Guide", session
  management; "CTI Planning", "CTI Server Fault Tolerance", "Fail-over Strategy for CTI Clients").
  The shipped fixture client passes every rule; each of its faults fails exactly the rules the
  fault table names. Heartbeats every 0.5 s keep each run to a few seconds.

  @ACD-FT-002 @ACD-FT-004 @ACD-MSG-008 @ACD-MSG-009 @ACD-MSG-010 @ACD-MSG-011 @ACD-MSG-012 @ACD-MSG-013
  Scenario: the reference CTI Bridge passes every rule of acd-bridge
    When CTI Server profile "acd-bridge" validates the reference fixture client
    Then CTI Server validation grades every rule of the profile pass

  @ACD-FT-002 @ACD-FT-004 @ACD-MSG-008 @ACD-MSG-009 @ACD-MSG-010 @ACD-MSG-011 @ACD-MSG-012 @ACD-MSG-013 @ACD-TPC-013
  Scenario: the reference agent workstation passes every rule of acd-agent
    When CTI Server profile "acd-agent" validates the reference fixture client
    Then CTI Server validation grades every rule of the profile pass

  Scenario Outline: a faulty <profile> client (<fault>) fails exactly <rules>
    When CTI Server profile "<profile>" validates the fixture client with fault "<fault>"
    Then CTI Server validation fails exactly the rules "<rules>"
    And CTI Server validation fails them as the fault table says

    @ACD-MSG-010
    Examples: no heartbeats though an IdleTimeout was asked
      | profile    | fault        | rules       |
      | acd-bridge | no-heartbeat | ACD-MSG-010 |
      | acd-agent  | no-heartbeat | ACD-MSG-010 |

    @ACD-FT-002
    Examples: no session again after the side died
      | profile    | fault       | rules      |
      | acd-bridge | no-failover | ACD-FT-002 |
      | acd-agent  | no-failover | ACD-FT-002 |

    @ACD-FT-002 @ACD-FT-004
    Examples: one side only
      | profile    | fault         | rules                  |
      | acd-bridge | one-side-only | ACD-FT-002, ACD-FT-004 |
      | acd-agent  | one-side-only | ACD-FT-002, ACD-FT-004 |

    @ACD-MSG-008 @ACD-MSG-009
    Examples: a request before OPEN_REQ
      | profile    | fault               | rules                    |
      | acd-bridge | request-before-open | ACD-MSG-008, ACD-MSG-009 |
      | acd-agent  | request-before-open | ACD-MSG-008, ACD-MSG-009 |

    @ACD-MSG-011
    Examples: one InvokeID for two outstanding requests
      | profile    | fault               | rules       |
      | acd-bridge | duplicate-invoke-id | ACD-MSG-011 |
      | acd-agent  | duplicate-invoke-id | ACD-MSG-011 |

    @ACD-MSG-012
    Examples: the connection dropped without CLOSE_REQ
      | profile    | fault    | rules       |
      | acd-bridge | no-close | ACD-MSG-012 |
      | acd-agent  | no-close | ACD-MSG-012 |

    @ACD-MSG-013
    Examples: a refused request sent again and again
      | profile    | fault       | rules       |
      | acd-bridge | retry-storm | ACD-MSG-013 |
      | acd-agent  | retry-storm | ACD-MSG-013 |

    @ACD-TPC-013
    Examples: an agent made ready without logging in
      | profile   | fault    | rules       |
      | acd-agent | no-login | ACD-TPC-013 |
