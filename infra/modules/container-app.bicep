// One service as a container app: its own user-assigned identity (AZURE_CLIENT_ID), images pulled
// from the registry with that identity, the replay token as a Key Vault reference, and ingress
// internal to the environment: nothing is reachable from the internet.
param location string
param tags object
param name string
@description('The azd service name (azure.yaml); azd finds the app by the azd-service-name tag.')
param serviceName string
param environmentId string
param registryServer string
param identityId string
param identityClientId string
@description('Image to run; empty before the first `azd deploy` (a public placeholder runs until then).')
param image string
param replayTokenSecretUri string
@description('Plain (non-secret) environment variables: name and value.')
param env array

var placeholder = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environmentId
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: false
        targetPort: 8080
        transport: 'http'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: [
        {
          name: 'replay-token'
          keyVaultUrl: replayTokenSecretUri
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: serviceName
          image: empty(image) ? placeholder : image
          env: concat(env, [
            {
              name: 'CONTEXTBUS_REPLAY_TOKEN'
              secretRef: 'replay-token'
            }
            {
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
          ])
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          // The placeholder listens elsewhere; only the real image is probed.
          probes: empty(image) ? [] : [
            {
              type: 'Readiness'
              httpGet: {
                path: '/health'
                port: 8080
              }
              periodSeconds: 10
              failureThreshold: 6
            }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
}

output url string = 'https://${app.properties.configuration.ingress.fqdn}'
output name string = app.name
