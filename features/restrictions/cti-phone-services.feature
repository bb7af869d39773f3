Feature: The phones' Services menu (CME CSTA guide "Enable CTI CSTA" Steps 9-11, telephony-service)

  The phones fetch SEP<MAC>.cnf.xml from the CME by TFTP; it names the Services URL and, on an
  Extension Mobility phone, the CME's EM login entry.

  @CME-CTI-DEV-007 @CME-CTI-DEV-008
  Scenario: Without em external the EM phone shows the CME's EM login in the CME's own services menu
    Given a CME running "labs/cme-moc.cfg"
    When ephone 3 fetches its configuration file by TFTP
    Then the services URL is the CME's own services menu
    And the Services menu has the Extension Mobility login
    When ephone 1 fetches its configuration file by TFTP
    Then the Services menu has no Extension Mobility login

  @CME-CTI-DEV-007 @CME-CTI-DEV-008
  Scenario: em external removes the EM login; url services ... root is the Services menu
    Given a CME running "labs/cme-cti-services.cfg"
    When ephone 3 fetches its configuration file by TFTP
    Then the services URL is "http://my_application/menu.html"
    And the Services menu has no Extension Mobility login
    And the configuration file names the CME as call manager
