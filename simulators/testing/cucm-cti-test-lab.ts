import { ClusterDirectory } from '../cucm/cluster-directory.ts';
import { type CucmClusterSpec, DEFAULT_SERVICE_PARAMETERS } from '../cucm/cluster-spec.ts';
import { clusterStationConfig } from '../cucm/cluster-station-config.ts';
import { CtiManager } from '../cucm/cti-manager.ts';
import { CucmCti, type CucmCtiHost } from '../cucm/cucm-cti.ts';
import { CallControlTestLab } from './call-control-test-lab.ts';

/**
 * A CUCM CTI gateway (`CucmCti`) over a socket-free station lab of `spec`: one CTIManager
 * (cucm-pub), every phone registrable, no other gateway holding CTI devices. `host` adds or
 * overrides host members (call park, SRTP keys, media); `prepare` runs on the station lab first.
 */
export function cucmCtiTestLab(
  spec: CucmClusterSpec,
  options: {
    readonly secure?: boolean;
    readonly prepare?: (calls: CallControlTestLab, directory: ClusterDirectory) => Partial<CucmCtiHost>;
  } = {},
): { directory: ClusterDirectory; calls: CallControlTestLab; cti: CucmCti } {
  const directory = new ClusterDirectory(spec);
  const calls = new CallControlTestLab({ config: clusterStationConfig(directory) });
  const extra = options.prepare?.(calls, directory) ?? {};
  let next = 1;
  const cti = new CucmCti(
    {
      name: 'cucm-imp',
      clock: calls.clock,
      observations: calls.observations,
      directory,
      calls: calls.control,
      ctiManagers: [
        new CtiManager(
          'cucm-pub',
          () => DEFAULT_SERVICE_PARAMETERS,
          () => {},
        ),
      ],
      isRegistered: (name) => calls.control.stations.has(name),
      canRehome: () => true,
      ctiDeviceOpenElsewhere: () => false,
      nextSessionId: () => next++,
      ...extra,
    },
    { secure: options.secure ?? false, newCallAcceptTimerS: () => 4 },
  );
  return { directory, calls, cti };
}
