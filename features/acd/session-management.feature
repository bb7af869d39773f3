Feature: CTI Server sessions on the ACD lab
  The CTI Server serves its clients over TCP/IP: a client connects to the side it was given and
  opens a session with OPEN_REQ; before OPEN_CONF nothing else is served. Every message has the
  common header; a length no message can have ends the connection, an unknown type is answered
  FAILURE_CONF and the session goes on. HEARTBEAT_REQ is answered at once, CLOSE_REQ ends the
  session, a silent session is reset after its IdleTimeout. Miscellaneous messages report the
  peripheral going offline and online and the loss of the central controller.
  Sources: Cisco "CTI Planning" (UCCE), "CTI Server Communications", "CTI Server Messages";
  Cisco "CTI Server Message Reference Guide", chapter 2 "Message Format", chapter 4 "Session
  Management", "SYSTEM_EVENT".

  Background:
    Given the ACD lab "labs/acd-duplex.yaml" is running

  @ACD-COM-001 @bad-input
  Scenario: Before OPEN_REQ a request is refused with its InvokeID, and bytes that are no message end the connection
    When a raw CTI connection is made to side A
    And the raw connection sends HEARTBEAT_REQ with InvokeID 7
    Then the raw connection receives FAILURE_CONF with status E_CTI_SESSION_NOT_OPEN and InvokeID 7
    And the raw connection is still open
    When the raw connection opens a CTI Bridge session
    Then the OPEN_CONF grants services 16
    When the raw connection sends HEARTBEAT_REQ with InvokeID 8
    Then the raw connection receives HEARTBEAT_CONF with InvokeID 8
    When the raw connection sends a header with MessageLength 9000
    Then the side ends the raw connection

  @ACD-MSG-001 @bad-input
  Scenario: An unknown message type gets FAILURE_CONF and the session goes on; an impossible length ends it
    When a raw CTI connection is made to side A
    And the raw connection opens a CTI Bridge session
    And the raw connection sends a frame of message type 4000 with InvokeID 31
    Then the raw connection receives FAILURE_CONF with status E_CTI_INVALID_MESSAGE_TYPE and InvokeID 31
    When the raw connection sends HEARTBEAT_REQ with InvokeID 32
    Then the raw connection receives HEARTBEAT_CONF with InvokeID 32
    When the raw connection sends a header with MessageLength 4294967295
    Then the side ends the raw connection

  @ACD-MSG-002
  Scenario: OPEN_REQ with an unsupported version or a too short IdleTimeout is refused with the precise status
    When a raw CTI connection is made to side A
    And the raw connection opens a CTI Bridge session with version 14 and IdleTimeout 4294967295
    Then the CTI answer is FAILURE_CONF with status E_CTI_INVALID_VERSION
    When the raw connection opens a CTI Bridge session with version 20 and IdleTimeout 10
    Then the CTI answer is FAILURE_CONF with status E_CTI_INVALID_TIMEOUT
    When the raw connection opens a CTI Bridge session with version 19 and IdleTimeout 60
    Then the CTI answer is OPEN_CONF

  @ACD-MSG-002
  Scenario: HEARTBEAT_REQ is answered, CLOSE_REQ gets CLOSE_CONF and the server ends the connection
    When a raw CTI connection is made to side A
    And the raw connection opens a CTI Bridge session
    And the raw connection sends HEARTBEAT_REQ with InvokeID 40
    Then the raw connection receives HEARTBEAT_CONF with InvokeID 40
    When the raw connection sends CLOSE_REQ with InvokeID 41
    Then the raw connection receives CLOSE_CONF with InvokeID 41
    And the side ends the raw connection

  @ACD-MSG-002 @lab-control
  Scenario: A session silent for longer than its IdleTimeout is reset by the server
    When a raw CTI connection is made to side A
    And the raw connection opens a CTI Bridge session with version 20 and IdleTimeout 20
    And 15 seconds pass
    Then the raw connection is still open
    When 6 seconds pass
    Then the side ends the raw connection

  @ACD-MSG-002
  Scenario: A CTI Bridge configured with a password is refused with the wrong one
    When "bridge" opens a CTI Bridge session on side A with password "not-the-password"
    Then the CTI Server session is refused with status E_CTI_INVALID_PASSWORD

  @ACD-MSG-003 @lab-control
  Scenario: The peripheral going offline and online and the loss of the central controller reach every session as SYSTEM_EVENT
    Given "bridge" opens a CTI Bridge session on side A
    When the peripheral of ACD node "acd" goes offline
    Then "bridge" receives SYSTEM_EVENT PERIPHERAL_OFFLINE with PGStatus 4
    When "bridge" opens a CTI Bridge session on side A again
    Then the OPEN_CONF of "bridge" says PGStatus 4 and PeripheralOnline false
    When ACD node "acd" loses the central controller
    Then "bridge" receives SYSTEM_EVENT CENTRAL_CONTROLLER_OFFLINE with PGStatus 6
    When the central controller of ACD node "acd" is back
    Then "bridge" receives SYSTEM_EVENT CENTRAL_CONTROLLER_ONLINE with PGStatus 4
    When the peripheral of ACD node "acd" goes online
    Then "bridge" receives SYSTEM_EVENT PERIPHERAL_ONLINE with PGStatus 0
