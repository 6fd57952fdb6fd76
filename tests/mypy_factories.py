"""A mypy plugin: calling a factory (`PersonFactory(...)`) gives its model (`Person`), as it does
at run time.

factory-boy's factories are generic in their model (`DjangoModelFactory[Person]`), but calling one
runs its metaclass, which mypy does not follow, so mypy would take the call for a new factory.
"""

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import TypeInfo
from mypy.plugin import FunctionContext, Plugin
from mypy.types import Instance, Type, get_proper_type

BASE_FACTORY = "factory.base.BaseFactory"


def _model_of_factory(ctx: FunctionContext) -> Type:
    made = get_proper_type(ctx.default_return_type)
    if not isinstance(made, Instance):
        return ctx.default_return_type
    base = next((info for info in made.type.mro if info.fullname == BASE_FACTORY), None)
    if base is None:
        return ctx.default_return_type
    model = map_instance_to_supertype(made, base).args
    return model[0] if model else ctx.default_return_type


class FactoryPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        symbol = self.lookup_fully_qualified(fullname)
        if symbol is None or not isinstance(symbol.node, TypeInfo):
            return None
        if symbol.node.fullname != BASE_FACTORY and symbol.node.has_base(BASE_FACTORY):
            return _model_of_factory
        return None


def plugin(version: str) -> type[Plugin]:
    return FactoryPlugin
