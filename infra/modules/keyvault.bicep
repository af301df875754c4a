// Key Vault (RBAC mode) holding the replay API's bearer token. The apps read it through Key
// Vault references with their own identities (Key Vault Secrets User on this one secret); the
// token never appears in app settings, outputs or files.
param location string
param tags object
param token string
@description('Principals that may read the replay token.')
param readerPrincipalIds array
@description('The user or principal running azd: may read the token, so azd keeps it stable across provisions. Empty: nobody.')
param operatorPrincipalId string = ''
@secure()
@description('Replay API bearer token (azd generates it once and keeps it in this vault).')
param replayToken string

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${token}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource replayTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'replay-token'
  properties: {
    value: replayToken
    contentType: 'text/plain'
  }
}

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in readerPrincipalIds: {
  scope: replayTokenSecret
  name: guid(replayTokenSecret.id, principalId, secretsUser)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}]

// azd reads the token back (secretOrRandomPassword) with the operator's own login.
resource operatorReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  scope: replayTokenSecret
  name: guid(replayTokenSecret.id, operatorPrincipalId, secretsUser)
  properties: {
    principalId: operatorPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

output name string = vault.name
output replayTokenSecretUri string = replayTokenSecret.properties.secretUri
