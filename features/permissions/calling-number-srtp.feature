Feature: CUCM access control groups for calling number modification and SRTP key material
  Cisco Unified CM System Configuration Guide, "Configure CTI Applications" > "Access Control
  Group Configuration Options": Standard CTI Allow Calling Number Modification "allows an
  application to modify the calling party number"; Standard CTI Allow Reception of SRTP Key
  Material lets an application receive the media keys of encrypted calls. Both act on a device
  among the user's Controlled Devices unless the user is in Standard CTI Allow Control of All
  Devices.

  In the lab (labs/cucm-number-srtp.yaml) an application gives the calling number as CSTA
  private data of MakeCall, DeflectCall or SingleStepTransferCall
  (<callingNumber xmlns="urn:ctilab:cucm">, simulators/cucm/calling-number.ts): the called phone
  shows it as the caller, the DeliveredEvent keeps the calling line as callingDevice and carries
  the number as the same private data. Phones 1001 and 1002 are encrypted, 1003 non-secure, 1004
  authenticated: an EstablishedEvent of a call between two encrypted phones carries its SRTP
  key material (<srtp suite="AES_CM_128_HMAC_SHA1_80" key="base64"/>) only to a session whose
  user may receive it. Users: cnm-ann (Calling Number Modification, controls 1001), cti-ben (CTI
  Enabled only, controls 1001), cnm-all (Calling Number Modification + All Devices), srtp-kim
  (SRTP Key Material, controls 1001 and 1002), cti-lee (CTI Enabled only, controls 1001 and
  1002), srtp-all (SRTP Key Material + All Devices).

  Background:
    Given the CUCM cluster of "labs/cucm-number-srtp.yaml" is running
    And the cluster's phones are registered

  @CUCM-ACG-011 @CUCM-ACG-006 @CUCM-ACG-007
  Scenario Outline: Who may present a calling number when placing a call
    Given "<user>" has a CTI session on line "<line>" monitoring "<line>"
    When "<user>" makes a call from "<from>" to "1002" presenting the calling number "+14085550100"
    Then the CTI request <outcome>
    And the phone on "1002" <display>

    Examples:
      | user    | line | from | outcome                                                       | display                                         |
      | cnm-ann | 1001 | 1001 | succeeded                                                     | rings showing "+14085550100" as the caller      |
      | cti-ben | 1001 | 1001 | is refused with "operation/privilegeViolationSpecifiedDevice" | does not ring                                   |
      | cnm-all | 1003 | 1003 | succeeded                                                     | rings showing "+14085550100" as the caller      |
      | cnm-ann | 1001 | 1003 | is refused with "operation/privilegeViolationSpecifiedDevice" | does not ring                                   |

  @CUCM-ACG-011
  Scenario: Without the private data a user outside the group places calls as before
    Given "cti-ben" has a CTI session on line "1001" monitoring "1001"
    When "cti-ben" makes a call from "1001" to "1002"
    Then the CTI request succeeded
    And the phone on "1002" rings showing "1001" as the caller

  @CUCM-ACG-011
  Scenario: The events keep the calling line and carry the presented number
    Given "cnm-all" has a CTI session on line "1002" monitoring "1002"
    And "cnm-ann" has a CTI session on line "1001" monitoring "1001"
    When "cnm-ann" makes a call from "1001" to "1002" presenting the calling number "5550100"
    Then the CTI request succeeded
    And the DeliveredEvent "cnm-all" gets for "1002" names "1001" as the calling device and carries the calling number "5550100"

  @CUCM-ACG-011
  Scenario Outline: Who may present a calling number when redirecting a ringing call
    Given "<user>" has a CTI session on line "1001" monitoring "1001"
    When the phone on "1003" calls "1001"
    Then "<user>" gets a DeliveredEvent for "1001"
    When "<user>" redirects the call at "1001" to "1002" presenting the calling number "5550100"
    Then the CTI request <outcome>
    And the phone on "1002" <display>

    Examples:
      | user    | outcome                                                       | display                                    |
      | cnm-ann | succeeded                                                     | rings showing "5550100" as the caller      |
      | cti-ben | is refused with "operation/privilegeViolationSpecifiedDevice" | does not ring                              |

  @CUCM-ACG-011
  Scenario Outline: Who may present a calling number when transferring a call in a single step
    Given "<user>" has a CTI session on line "1001" monitoring "1001"
    When the phone on "1003" calls "1001"
    And the phone on "1001" answers
    Then "<user>" gets an EstablishedEvent for "1001"
    When "<user>" transfers the call at "1001" to "1002" in a single step presenting the calling number "+15550101"
    Then the CTI request <outcome>
    And the phone on "1002" <display>

    Examples:
      | user    | outcome                                                       | display                                    |
      | cnm-ann | succeeded                                                     | rings showing "+15550101" as the caller    |
      | cti-ben | is refused with "operation/privilegeViolationSpecifiedDevice" | does not ring                              |

  @CUCM-ACG-011
  Scenario Outline: A calling number that is not one is refused and the session keeps working
    Given "cnm-ann" has a CTI session on line "1001" monitoring "1001"
    When "cnm-ann" makes a call from "1001" to "1002" presenting the calling number "<bad>"
    Then the CTI request is refused with "operation/invalidParameterValue"
    And the phone on "1002" does not ring
    When "cnm-ann" makes a call from "1001" to "1002" presenting the calling number "*67#"
    Then the CTI request succeeded
    And the phone on "1002" rings showing "*67#" as the caller

    Examples:
      | bad                       |
      | 12ab                      |
      | +                         |
      | 1234567890123456789012345 |

  @CUCM-ACG-012
  Scenario Outline: Who receives the key material of an encrypted call
    Given "<user>" has a CTI session on line "<line>" monitoring "1002"
    When the phone on "1001" calls "1002"
    And the phone on "1002" answers
    Then "<user>" gets an EstablishedEvent for "1002" <keys>

    Examples:
      | user     | line | keys                               |
      | srtp-kim | 1002 | with the call's SRTP key material  |
      | cti-lee  | 1002 | without SRTP key material          |
      | srtp-all | 1001 | with the call's SRTP key material  |

  @CUCM-ACG-012
  Scenario: Two sessions on one encrypted call: the same event, with the keys for one only
    Given "srtp-kim" has a CTI session on line "1002" monitoring "1002"
    And "cti-lee" has a CTI session on line "1002" monitoring "1002"
    When the phone on "1001" calls "1002"
    And the phone on "1002" answers
    Then "srtp-kim" gets an EstablishedEvent for "1002" with the call's SRTP key material
    And "cti-lee" gets an EstablishedEvent for "1002" without SRTP key material
    And no event "cti-lee" got carries SRTP key material
    And the cluster holds key material for 1 call

  @CUCM-ACG-012
  Scenario Outline: A call with a phone that is not encrypted carries no key material
    Given "srtp-all" has a CTI session on line "1001" monitoring "1001"
    When the phone on "1001" calls "<to>"
    And the phone on "<to>" answers
    Then "srtp-all" gets an EstablishedEvent for "1001" without SRTP key material
    And no event "srtp-all" got carries SRTP key material
    And the cluster holds key material for 0 calls

    Examples:
      | to   |
      | 1003 |
      | 1004 |
