Feature: A cluster topology that breaks a CTI prerequisite is refused before anything is served
  Cisco Unified CM System Configuration Guide, "Configure CTI Applications" > "CTI Applications
  Prerequisites": every phone, CTI port and CTI route point belongs to a device pool. `ctilab
  serve cucm` refuses a topology that breaks it, naming the device (or, for a missing field, its
  place and line in the file), and exits 1 without listening.

  @CUCM-CFG-002
  Scenario Outline: A <device kind> naming an undefined device pool
    When `ctilab serve cucm` is started with the topology:
      """
      name: bad-pool
      nodes:
        - { kind: cucm, name: cucm-pub, cluster: c1, role: publisher, services: [callmanager, ctimanager] }
      clusters:
        - name: c1
          cmGroups: { G1: [cucm-pub] }
          devicePools: { DP1: { cmGroup: G1 } }
          <list>:
            - { name: <name>, <model>devicePool: DP9, lines: [{ dn: '1001' }] }
      """
    Then it exits with code 1 before serving, naming "<name>: no device pool 'DP9'"

    Examples:
      | device kind     | list        | name            | model             |
      | phone           | phones      | SEP0000000CA001 | model: '7961', |
      | CTI route point | routePoints | RP2000          |                   |
      | CTI port        | ctiPorts    | CTIP3000        |                   |

  @CUCM-CFG-002
  Scenario: A route point without a device pool
    When `ctilab serve cucm` is started with the topology:
      """
      name: no-pool
      nodes:
        - { kind: cucm, name: cucm-pub, cluster: c1, role: publisher, services: [callmanager, ctimanager] }
      clusters:
        - name: c1
          cmGroups: { G1: [cucm-pub] }
          devicePools: { DP1: { cmGroup: G1 } }
          routePoints:
            - { name: RP2000, lines: [{ dn: '2000' }] }
      """
    Then it exits with code 1 before serving, naming "clusters[0].routePoints[0].devicePool"
