"""The root schema: the CRM's queries and mutations (the program's
alx_backend_graphql/schema.py)."""

import crm.schema
import graphene


class Query(crm.schema.Query, graphene.ObjectType):
    pass


class Mutation(crm.schema.Mutation, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
