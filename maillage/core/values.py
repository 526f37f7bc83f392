"""Values shared by the services of several apps."""

# A keyword argument a service should leave as it is (where None is a value: "nobody").
KEEP = object()
