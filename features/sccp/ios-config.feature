Feature: The CME is configured by an unmodified IOS running-config

  @CME-CFG-001
  Scenario Outline: The CME CSTA guide example configs load unchanged
    When the CME configuration "<file>" is loaded
    Then it has ephones 1, 2 and 3
    And ephone 1 has MAC "001E4A34A35F" of type "7961" with directory number "201" on button 1
    And directory number "204" is watched and kept up for CTI
    And CTI is enabled
    And the command "<unmodelled>" is listed as not modelled

    Examples:
      | file                         | unmodelled              |
      | labs/cme-moc.cfg             | ixi application cme     |
      | labs/cme-session-manager.cfg | csta cti mode basic     |

  @CME-CFG-001
  Scenario: A phone of a seed config registers and calls another
    Given a CME running "labs/cme-moc.cfg"
    And phones 1 and 2 are registered
    When phone 1 calls "202"
    Then phone 2 rings
    And phone 2 shows a call from "201"

  @CME-CFG-002
  Scenario Outline: A configuration error names its line
    When this CME configuration is loaded:
      """
      telephony-service
       max-ephones 4
       max-dn 8
      ephone-dn 1
       number 1001
      ephone 1
       mac-address <mac>
       type 7961
       button <button>
      """
    Then loading fails at line <line> mentioning "<what>"

    Examples:
      | mac            | button | line | what          |
      | 0011.2233.4455 | 1:7    | 9    | 7             |
      | 0011.2233.44ZZ | 1:1    | 7    | mac           |
