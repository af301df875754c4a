// Cosmos DB for NoSQL (serverless, local auth off): database `contextbus`, per context its event
// container (partitioned by /streamId, with the unique key and indexing policy CosmosStores
// creates) and its change feed leases container, plus the replay service's own container.
// Data-plane roles follow the topology: a context contributes to its own two containers only; the
// replay service reads the source contexts' event containers and contributes to its own. The SDK
// and the change feed processor also read account and database metadata, which container-scoped
// roles do not grant: every app gets a custom role holding only readMetadata on the account.
param location string
param tags object
param token string
@description('Principal ids of the contexts\' identities, in the order of topology.contexts.')
param contextPrincipalIds array
@description('Principal id of the replay service\'s identity.')
param replayPrincipalId string

var topology = loadJsonContent('../topology/contextbus-sample.arm.json')
var databaseName = 'contextbus'
var replayContainerName = 'replay-service'
var dataReader = '00000000-0000-0000-0000-000000000001'
var dataContributor = '00000000-0000-0000-0000-000000000002'
var metadataReader = guid(account.id, 'contextbus-metadata-reader')

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: 'cosmos-${token}'
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

// Same as CosmosStores.ensureContainer(..., "/streamId", true) in contextbus-store-cosmos.
resource eventContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for context in topology.contexts: {
  parent: database
  name: 'events-${context}'
  properties: {
    resource: {
      id: 'events-${context}'
      partitionKey: {
        paths: [
          '/streamId'
        ]
        kind: 'Hash'
      }
      uniqueKeyPolicy: {
        uniqueKeys: [
          {
            paths: [
              '/uniq'
            ]
          }
        ]
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        excludedPaths: [
          {
            path: '/events/*'
          }
          {
            path: '/headers/*'
          }
          {
            path: '/state/?'
          }
          {
            path: '/commit/*'
          }
          {
            path: '/"_etag"/?'
          }
        ]
      }
    }
  }
}]

resource leaseContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for context in topology.contexts: {
  parent: database
  name: 'events-${context}-leases'
  properties: {
    resource: {
      id: 'events-${context}-leases'
      partitionKey: {
        paths: [
          '/id'
        ]
        kind: 'Hash'
      }
    }
  }
}]

resource replayContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: replayContainerName
  properties: {
    resource: {
      id: replayContainerName
      partitionKey: {
        paths: [
          '/id'
        ]
        kind: 'Hash'
      }
    }
  }
}

// Metadata only (account, databases, containers, partition key ranges): no document is readable with it.
resource metadataReaderRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2024-11-15' = {
  parent: account
  name: metadataReader
  properties: {
    roleName: 'contextbus metadata reader'
    type: 'CustomRole'
    assignableScopes: [
      account.id
    ]
    permissions: [
      {
        dataActions: [
          'Microsoft.DocumentDB/databaseAccounts/readMetadata'
        ]
      }
    ]
  }
}

// Cosmos DB applies one role assignment change at a time per account: one by one, in a chain.
@batchSize(1)
resource metadataReaders 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [for principalId in concat(contextPrincipalIds, [replayPrincipalId]): {
  parent: account
  name: guid(account.id, principalId, metadataReader)
  properties: {
    principalId: principalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${metadataReader}'
    scope: account.id
  }
  dependsOn: [
    metadataReaderRole
  ]
}]

@batchSize(1)
resource contextEvents 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [for (context, i) in topology.contexts: {
  parent: account
  name: guid(account.id, context, 'events', dataContributor)
  properties: {
    principalId: contextPrincipalIds[i]
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributor}'
    scope: '${account.id}/dbs/${databaseName}/colls/events-${context}'
  }
  dependsOn: [
    eventContainers
    metadataReaders
  ]
}]

@batchSize(1)
resource contextLeases 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [for (context, i) in topology.contexts: {
  parent: account
  name: guid(account.id, context, 'leases', dataContributor)
  properties: {
    principalId: contextPrincipalIds[i]
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributor}'
    scope: '${account.id}/dbs/${databaseName}/colls/events-${context}-leases'
  }
  dependsOn: [
    leaseContainers
    contextEvents
  ]
}]

// The replay service reads the stores of the contexts that publish (own a topic), read-only.
@batchSize(1)
resource replaySources 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [for topic in topology.topics: {
  parent: account
  name: guid(account.id, 'replay', topic.context, dataReader)
  properties: {
    principalId: replayPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataReader}'
    scope: '${account.id}/dbs/${databaseName}/colls/events-${topic.context}'
  }
  dependsOn: [
    eventContainers
    contextLeases
  ]
}]

resource replayState 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, 'replay', replayContainerName, dataContributor)
  properties: {
    principalId: replayPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributor}'
    scope: '${account.id}/dbs/${databaseName}/colls/${replayContainerName}'
  }
  dependsOn: [
    replayContainer
    replaySources
  ]
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = databaseName
output accountName string = account.name
