// Service Bus namespace (Standard, local auth off) whose topics, subscriptions and rules are the
// topology's, read from its ARM export, and the role assignments the topology implies: each
// context sends to its own topic and receives from its own subscriptions; each context also sends
// to each topic it consumes, scoped to that topic alone (a dead-letter resubmit is a replay aimed at
// the consumer itself, sent to the source's topic: ADR 0043); the replay service sends to every
// source topic. Nothing else holds a Service Bus role, and none is wider than one entity.
param location string
param tags object
param token string
@description('Principal ids of the contexts\' identities, in the order of topology.contexts.')
param contextPrincipalIds array
@description('Principal id of the replay service\'s identity.')
param replayPrincipalId string

var topology = loadJsonContent('../topology/contextbus-sample.arm.json')
var dataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var dataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
// Topic names in the order of topics, to find a subscription's topic by name.
var topicNames = [for topic in topology.topics: topic.name]

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: 'sb-${token}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [for queue in topology.queues: {
  parent: namespace
  name: queue.name
  properties: queue.properties
}]

resource topics 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = [for topic in topology.topics: {
  parent: namespace
  name: topic.name
  properties: topic.properties
}]

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [for sub in topology.subscriptions: {
  name: '${namespace.name}/${sub.topic}/${sub.name}'
  properties: sub.properties
  dependsOn: [
    topics
  ]
}]

resource rules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [for rule in topology.rules: {
  name: '${namespace.name}/${rule.topic}/${rule.subscription}/${rule.name}'
  properties: rule.properties
  dependsOn: [
    subscriptions
  ]
}]

resource topicSenders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (topic, i) in topology.topics: {
  scope: topics[i]
  name: guid(topics[i].id, topic.context, dataSender)
  properties: {
    principalId: contextPrincipalIds[indexOf(topology.contexts, topic.context)]
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
  }
}]

resource subscriptionReceivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (sub, i) in topology.subscriptions: {
  scope: subscriptions[i]
  name: guid(subscriptions[i].id, sub.context, dataReceiver)
  properties: {
    principalId: contextPrincipalIds[indexOf(topology.contexts, sub.context)]
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
  }
}]

// One per (context, consumed topic): a context has exactly one subscription on each topic it
// consumes (named after it), and never consumes its own topic (the topology refuses both).
resource consumerSenders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for sub in topology.subscriptions: {
  scope: topics[indexOf(topicNames, sub.topic)]
  name: guid(topics[indexOf(topicNames, sub.topic)].id, sub.context, dataSender)
  properties: {
    principalId: contextPrincipalIds[indexOf(topology.contexts, sub.context)]
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
  }
}]

resource replaySenders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (topic, i) in topology.topics: {
  scope: topics[i]
  name: guid(topics[i].id, 'replay', dataSender)
  properties: {
    principalId: replayPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
  }
}]

// The host name the SDK connects to (sb-x.servicebus.windows.net; other clouds have other suffixes).
output namespaceHost string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
output namespaceName string = namespace.name
