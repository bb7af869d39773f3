Feature: CTI route points and CTI ports of a CUCM cluster
  A CTI route point is a virtual device an application opens to receive calls and redirect,
  answer, hold or clear them; a CTI port is a virtual line an application answers calls on
  (Cisco Unified CM System Configuration Guide, "CTI Route Points Overview"). A call offered at a
  route point must be accepted, answered or redirected within the CTI New Call Accept Timer
  (default 4 s, "Configure New Call Accept Timer"), else it goes to the line's Call Forward No
  Answer destination, or the caller gets fast busy when there is none. A route point line holds
  at most its simultaneous active calls ("Configure Simultaneous Active Calls"); a further call
  goes to Call Forward Busy. The lab (labs/cucm-routing.yaml): RP2000 with lines 2000 and 2001
  forwarding unanswered calls to 1003, RP2100 with no forward, RP2200 with two simultaneous calls
  forwarding busy calls to 1003, RP2300 with two simultaneous calls and no forward, CTI port
  CTIP3000 on 3000; application user rp-app controls them.

  Background:
    Given the CUCM cluster of "labs/cucm-routing.yaml" is running
    And the cluster's phones are registered

  @CUCM-RP-001
  Scenario: Calls arriving at a route point while others are present are each offered to the application
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    When the phone on "1001" calls "2000"
    And the phone on "1002" calls "2000"
    And the phone on "1004" calls "2000"
    Then "rp-app" has been offered 3 calls at "2000", each with its own callID
    And the phone on "1001" hears "ringback"
    And the phone on "1002" hears "ringback"
    And the phone on "1004" hears "ringback"
    And "rp-app" sees the calls at "2000" as "alerting, alerting, alerting"

  @CUCM-RP-002
  Scenario: A call to either line of a two-line route point is offered there, naming the DN called
    Given "rp-app" has a CTI session on line "2000" monitoring "2000, 2001"
    When the phone on "1001" calls "2000"
    And the phone on "1002" calls "2001"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    And "rp-app" is offered the call from "1002" at "2001" as a call to "2001"

  @CUCM-RP-003
  Scenario: AnswerCall at the route point connects the ringing caller
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    And the phone on "1001" hears "ringback"
    When "rp-app" answers the call from "1001" at "2000"
    Then the CTI request succeeded
    And "rp-app" gets an EstablishedEvent for the call with "1001" at "2000"
    And the phone on "1001" is in a connected call

  @CUCM-RP-004
  Scenario: DeflectCall from the route point to a CTI port makes the port alert and the route point leave the call
    Given "rp-app" has a CTI session on line "2000" monitoring "2000, 3000"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    When "rp-app" redirects the call from "1001" at "2000" to "3000"
    Then the CTI request succeeded
    And "rp-app" gets a DivertedEvent for the call with "1001" at "2000"
    And "rp-app" gets a DeliveredEvent for "3000"
    And "rp-app" sees the calls at "3000" as "alerting"
    And "rp-app" sees no call at "2000"

  @CUCM-RP-004
  Scenario: DeflectCall from the route point to an IP phone makes the phone alert and the route point leave the call
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    And "carol" has a CTI session on line "1002" monitoring "1002"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    When "rp-app" redirects the call from "1001" at "2000" to "1002"
    Then the CTI request succeeded
    And "rp-app" gets a DivertedEvent for the call with "1001" at "2000"
    And "carol" gets a DeliveredEvent for "1002"
    And the phone on "1002" is ringing now
    And "rp-app" sees no call at "2000"

  @CUCM-RP-006
  Scenario: A route point line holds several connected calls at once
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    When "rp-app" answers the call from "1001" at "2000"
    And the phone on "1002" calls "2000"
    Then "rp-app" is offered the call from "1002" at "2000" as a call to "2000"
    When "rp-app" answers the call from "1002" at "2000"
    Then the CTI request succeeded
    And "rp-app" sees the calls at "2000" as "connected, connected"
    And the phone on "1001" is in a connected call
    And the phone on "1002" is in a connected call
    When "rp-app" makes a call from "2000" to "1004"
    Then the CTI request succeeded
    And the phone on "1004" rings
    And "rp-app" sees the calls at "2000" as "connected, connected, connected"

  @CUCM-RP-007
  Scenario: HoldCall on one route point call holds it and leaves the call on its other line connected
    Given "rp-app" has a CTI session on line "2000" monitoring "2000, 2001"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    When "rp-app" answers the call from "1001" at "2000"
    And the phone on "1002" calls "2001"
    Then "rp-app" is offered the call from "1002" at "2001" as a call to "2001"
    When "rp-app" answers the call from "1002" at "2001"
    Then the phone on "1002" is in a connected call
    When "rp-app" holds the call with "1001" at "2000"
    Then the CTI request succeeded
    And "rp-app" gets a HeldEvent for the call with "1001" at "2000"
    And "rp-app" sees the calls at "2000" as "hold"
    And "rp-app" sees the calls at "2001" as "connected"
    And the phone on "1002" is in a connected call

  @CUCM-RP-008
  Scenario: RetrieveCall on a held route point call connects it again
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    When "rp-app" answers the call from "1001" at "2000"
    And "rp-app" holds the call with "1001" at "2000"
    Then "rp-app" sees the calls at "2000" as "hold"
    When "rp-app" retrieves the call with "1001" at "2000"
    Then the CTI request succeeded
    And "rp-app" gets a RetrievedEvent for the call with "1001" at "2000"
    And "rp-app" sees the calls at "2000" as "connected"
    And the phone on "1001" is in a connected call

  @CUCM-RP-009
  Scenario: ClearConnection on one route point call releases its caller and leaves the call on its other line
    Given "rp-app" has a CTI session on line "2000" monitoring "2000, 2001"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    When "rp-app" answers the call from "1001" at "2000"
    And the phone on "1002" calls "2001"
    Then "rp-app" is offered the call from "1002" at "2001" as a call to "2001"
    When "rp-app" answers the call from "1002" at "2001"
    Then the phone on "1002" is in a connected call
    When "rp-app" clears the call with "1001" at "2000"
    Then the CTI request succeeded
    And "rp-app" gets a ConnectionClearedEvent for the call with "1001" at "2000"
    And the phone on "1001" has no call any more
    And "rp-app" sees no call at "2000"
    And "rp-app" sees the calls at "2001" as "connected"
    And the phone on "1002" is in a connected call

  @CUCM-RP-010
  Scenario Outline: A call answered within the New Call Accept Timer stays answered when the timer runs out
    Given "rp-app" has a CTI session on line "<rp>" monitoring "<rp>"
    When the phone on "1001" calls "<rp>"
    Then "rp-app" is offered the call from "1001" at "<rp>" as a call to "<rp>"
    When "rp-app" answers the call from "1001" at "<rp>"
    Then the CTI request succeeded
    When 5 seconds pass
    Then "rp-app" sees the calls at "<rp>" as "connected"
    And the phone on "1001" is in a connected call
    And the phone on "1003" does not ring

    Examples:
      | rp   |
      | 2000 |
      | 2100 |

  @CUCM-RP-010
  Scenario Outline: A call redirected within the New Call Accept Timer stays where it was redirected
    Given "rp-app" has a CTI session on line "<rp>" monitoring "<rp>"
    When the phone on "1001" calls "<rp>"
    Then "rp-app" is offered the call from "1001" at "<rp>" as a call to "<rp>"
    When "rp-app" redirects the call from "1001" at "<rp>" to "1002"
    Then the CTI request succeeded
    And the phone on "1002" is ringing now
    When 5 seconds pass
    Then the phone on "1002" is ringing now
    And the phone on "1003" does not ring
    And the phone on "1001" hears "ringback"

    Examples:
      | rp   |
      | 2000 |
      | 2100 |

  @CUCM-RP-011
  Scenario: A call not handled within the New Call Accept Timer goes to the route point's CFNA destination
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    When 4 seconds pass
    Then the phone on "1003" is ringing now
    And "rp-app" sees no call at "2000"

  @CUCM-RP-011
  Scenario: A call not handled within the New Call Accept Timer gets fast busy when the route point has no CFNA
    Given "rp-app" has a CTI session on line "2100" monitoring "2100"
    When the phone on "1001" calls "2100"
    Then "rp-app" is offered the call from "1001" at "2100" as a call to "2100"
    When 4 seconds pass
    Then the phone on "1001" hears "fast busy"
    And "rp-app" sees no call at "2100"

  @CUCM-RP-012
  Scenario: The New Call Accept Timer is 4 s by default
    Then the cluster runs with the service parameter "newCallAcceptTimerS" at 4
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    When 3 seconds pass
    Then "rp-app" sees the calls at "2000" as "alerting"
    And the phone on "1003" does not ring
    When 1 seconds pass
    Then the phone on "1003" is ringing now
    And "rp-app" sees no call at "2000"

  @CUCM-RP-013
  Scenario: A third call to a route point line of two simultaneous calls goes to Call Forward Busy
    Given "rp-app" has a CTI session on line "2200" monitoring "2200"
    When the phone on "1001" calls "2200"
    And the phone on "1002" calls "2200"
    Then "rp-app" has been offered 2 calls at "2200", each with its own callID
    When the phone on "1004" calls "2200"
    Then the phone on "1003" is ringing now
    And "rp-app" got no further DeliveredEvent at "2200" than 2
    And "rp-app" sees the calls at "2200" as "alerting, alerting"

  @CUCM-RP-013
  Scenario: With no Call Forward Busy the third caller hears busy
    Given "rp-app" has a CTI session on line "2300" monitoring "2300"
    When the phone on "1001" calls "2300"
    And the phone on "1002" calls "2300"
    Then "rp-app" has been offered 2 calls at "2300", each with its own callID
    When the phone on "1004" calls "2300"
    Then the phone on "1004" hears "busy tone"
    And "rp-app" got no further DeliveredEvent at "2300" than 2
    And "rp-app" sees the calls at "2300" as "alerting, alerting"

  @CUCM-RP-015
  Scenario: A call to a CTI port's DN is offered at the port and AnswerCall there connects it
    Given "rp-app" has a CTI session on line "3000" monitoring "3000"
    When the phone on "1001" calls "3000"
    Then "rp-app" is offered the call from "1001" at "3000" as a call to "3000"
    When "rp-app" answers the call from "1001" at "3000"
    Then the CTI request succeeded
    And "rp-app" gets an EstablishedEvent for the call with "1001" at "3000"
    And the phone on "1001" is in a connected call

  @CUCM-RP-014
  Scenario: Apply Config changes a route point's call forwarding for later calls without a reset
    Given "rp-app" has a CTI session on line "2000" monitoring "2000"
    When the phone on "1001" calls "2000"
    Then "rp-app" is offered the call from "1001" at "2000" as a call to "2000"
    When "rp-app" answers the call from "1001" at "2000"
    And the administrator applies the configuration of "RP2000" with Call Forward No Answer to "1004"
    Then the calls at "2000" keep their callIDs and states
    And "rp-app" gets no OutOfServiceEvent within 2 seconds
    When the phone on "1002" calls "2000"
    Then "rp-app" is offered the call from "1002" at "2000" as a call to "2000"
    When 4 seconds pass
    Then the phone on "1004" is ringing now
    And the phone on "1003" does not ring

