// One user-assigned managed identity per context and one for the replay service: each app holds
// only the roles of its own identity.
param location string
param tags object
param token string
@description('Context names, in the order of the topology export; outputs follow the same order.')
param contexts array

resource contextIdentities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [for context in contexts: {
  name: 'id-${context}-${token}'
  location: location
  tags: tags
}]

resource replayIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-replay-${token}'
  location: location
  tags: tags
}

output contextPrincipalIds array = [for (context, i) in contexts: contextIdentities[i].properties.principalId]
output contextClientIds array = [for (context, i) in contexts: contextIdentities[i].properties.clientId]
output contextIdentityIds array = [for (context, i) in contexts: contextIdentities[i].id]
output replayPrincipalId string = replayIdentity.properties.principalId
output replayClientId string = replayIdentity.properties.clientId
output replayIdentityId string = replayIdentity.id
