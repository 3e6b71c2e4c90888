"""Op parameters (Theano's gof.type EnumType/EnumList/CEnumType/CDataType and gof.params_type ParamsType/Params).

An op that declares `params_type` and `get_params(node)` receives the value as a fourth argument of
`perform(node, inputs, output_storage, params)` (Apply.run_params; see theano.frontend.graph.perform_node).
The enumerations are dicts of named constants usable from Python; their C side (macros, C structs) has no
use here, since theano-xla compiles no C code.
"""
from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

from theano.frontend.graph import Type

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_C_CPP_KEYWORDS = frozenset((
    "_Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Pragma _Static_assert _Thread_local "
    "alignas alignof and and_eq asm auto bitand bitor bool break case catch char char16_t char32_t class compl const "
    "const_cast constexpr continue decltype default delete do double dynamic_cast else enum explicit export extern "
    "false float for friend goto if inline int long mutable namespace new noexcept not not_eq NULL nullptr operator "
    "or or_eq private protected public register reinterpret_cast restrict return short signed sizeof static "
    "static_assert static_cast struct switch template this thread_local throw true try typedef typeid typename union "
    "unsigned using virtual void volatile wchar_t while xor xor_eq").split())


def _rebuild_enum(cls: type, items: dict, state: dict) -> "EnumType":
    obj = cls.__new__(cls)
    dict.update(obj, items)
    obj.__dict__.update(state)
    return obj


class EnumType(Type, dict):
    """Named constants (capital names; int, float or bool values, bools stored as ints), each optionally with a
    string alias: EnumType(A=('alpha', 1), B=2).A == 1, .fromalias('alpha') == 1. As an op's params_type, its
    value is one of the constants; filter() accepts a constant's value, alias or name."""

    def __init__(self, **kwargs: Any):
        cls = type(self).__name__
        ctype = kwargs.pop("ctype", "double")
        if not all(_IDENT.match(part) for part in ctype.split()):
            raise TypeError("%s: invalid C type." % cls)
        self.ctype = " ".join(ctype.split())
        cname = kwargs.pop("cname", self.ctype.replace(" ", "_"))
        if not _IDENT.match(cname):
            raise TypeError("%s: invalid C name." % cls)
        self.cname = cname
        self.aliases = dict()
        for k in kwargs:
            if re.match("^[A-Z][A-Z0-9_]*$", k) is None:
                raise AttributeError('%s: invalid enum name: "%s". Only capital letters, underscores and digits are '
                                     "allowed." % (cls, k))
            if isinstance(kwargs[k], (list, tuple)):
                if len(kwargs[k]) != 2:
                    raise TypeError("%s: when using a tuple to define a constant, your tuple should contain 2 values: "
                                    "constant alias followed by constant value." % cls)
                alias, value = kwargs[k]
                if not isinstance(alias, str):
                    raise TypeError('%s: constant alias should be a string, got "%s".' % (cls, alias))
                if alias == k:
                    raise TypeError("%s: it's useless to create an alias with the same name as its associated "
                                    "constant." % cls)
                if alias in self.aliases:
                    raise TypeError('%s: consant alias "%s" already used.' % (cls, alias))
                self.aliases[alias] = k
                kwargs[k] = value
            if isinstance(kwargs[k], bool):
                kwargs[k] = int(kwargs[k])
            elif not isinstance(kwargs[k], (int, float)):
                raise TypeError('%s: constant "%s": expected integer or floating value, got "%s".'
                                % (cls, k, type(kwargs[k]).__name__))
        if [a for a in self.aliases if a in kwargs]:
            raise TypeError("%s: some aliases have same names as constants." % cls)
        dict.update(self, kwargs)

    def fromalias(self, alias: str) -> Any:
        """The constant with this alias (or, if none has it, the constant of that name)."""
        return self[self.aliases[alias]] if alias in self.aliases else self[alias]

    def has_alias(self, alias: str) -> bool:
        return alias in self.aliases

    def get_aliases(self) -> tuple:
        return tuple(sorted(self.aliases.keys()))

    def __repr__(self) -> str:
        names = {name: "" for name in self}
        for alias, name in self.aliases.items():
            names[name] = "(%s)" % alias
        return "%s<%s>(%s)" % (type(self).__name__, self.ctype,
                               ", ".join("%s%s:%s" % (k, names[k], self[k]) for k in sorted(self.keys())))

    __str__ = __repr__

    def __getattr__(self, key: str) -> Any:
        if key in self:
            return self[key]
        raise AttributeError("%s has no attribute or constant %r" % (type(self).__name__, key))

    def __setattr__(self, key: str, value: Any) -> None:
        if key in self:
            raise NotImplementedError("constant values are immutable.")
        object.__setattr__(self, key, value)

    def __setitem__(self, key: Any, value: Any) -> None:
        raise NotImplementedError("constant values are immutable.")

    def __delitem__(self, key: Any) -> None:
        raise NotImplementedError("constant values are immutable.")

    def __reduce__(self) -> Any:
        return (_rebuild_enum, (type(self), dict(self), dict(self.__dict__)))

    def __hash__(self) -> int:
        return hash((type(self), self.ctype) + tuple((k, self[k]) for k in sorted(self.keys()))
                    + tuple((a, self.aliases[a]) for a in sorted(self.aliases.keys())))

    def __eq__(self, other: Any) -> bool:
        return (type(self) == type(other) and self.ctype == other.ctype and dict.__eq__(self, other)
                and self.aliases == other.aliases)

    def __ne__(self, other: Any) -> bool:
        return not self == other

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        """A constant's value; non-strict, a bool becomes an int and a string an alias or constant name."""
        if not strict:
            if isinstance(data, bool):
                data = int(data)
            elif isinstance(data, str):
                try:
                    data = self.fromalias(data)
                except KeyError:
                    raise TypeError("%r: %r is neither a constant name nor an alias of this enum" % (self, data)) from None
        if data not in self.values():
            raise TypeError("%r: %r is not one of the values of this enum" % (self, data))
        return data

    def values_eq(self, a: Any, b: Any) -> bool:
        return a == b

    def values_eq_approx(self, a: Any, b: Any) -> bool:
        return self.values_eq(a, b)


class EnumList(EnumType):
    """EnumType whose constants are numbered 0, 1, ... in the order given: EnumList('A', ('B', 'beta'), 'C')
    (a (name, alias) pair gives an alias). Default ctype 'int'."""

    def __init__(self, *args: Any, **kwargs: Any):
        cls = type(self).__name__
        if set(kwargs) - {"ctype", "cname"}:
            raise TypeError('%s: expected 0 to 2 extra parameters ("ctype", "cname").' % cls)
        constants: dict = {}
        for rank, arg in enumerate(args):
            if isinstance(arg, (list, tuple)):
                if len(arg) != 2:
                    raise TypeError("%s: when using a tuple to define a constant, your tuple should contain 2 values: "
                                    "constant name followed by constant alias." % cls)
                name, alias = arg
                if not isinstance(alias, str):
                    raise TypeError('%s: constant alias should be a string, got "%s".' % (cls, alias))
                value: Any = (alias, rank)
            else:
                name, value = arg, rank
            if not isinstance(name, str):
                raise TypeError('%s: constant name should be a string, got "%s".' % (cls, name))
            if name in constants:
                raise TypeError('%s: constant name already used ("%s").' % (cls, name))
            constants[name] = value
        constants["ctype"] = kwargs.get("ctype", "int")
        if kwargs.get("cname") is not None:
            constants["cname"] = kwargs["cname"]
        super().__init__(**constants)


class CEnumType(EnumList):
    """EnumList of constants defined in C headers (their Python values are only their ranks). Usable from Python
    as an EnumList; the C values exist only in C code, which theano-xla does not compile."""


# The PyCapsule class (types.CapsuleType exists only from Python 3.13); datetime's C API is one on every CPython.
_CAPSULE_TYPE = type(datetime.datetime_CAPI)


class CDataType(Type):
    """The type of an opaque C pointer (`ctype`, freed with `freefunc`): only C code produces or reads such
    values, and theano-xla compiles no C code, so an op with a CDataType input or output cannot run here."""

    __props__ = ("ctype", "freefunc", "headers", "header_dirs", "libraries", "lib_dirs", "extra_support_code",
                 "compile_args", "version")

    def __init__(self, ctype: str, freefunc: str | None = None, headers: Any = (), header_dirs: Any = (),
                 libraries: Any = (), lib_dirs: Any = (), compile_args: Any = (), extra_support_code: str = "",
                 version: Any = None):
        if not isinstance(ctype, str):
            raise TypeError("CDataType: ctype must be a string, got %r" % (ctype,))
        self.ctype = ctype
        if freefunc is not None and not isinstance(freefunc, str):
            raise TypeError("CDataType: freefunc must be a string or None, got %r" % (freefunc,))
        self.freefunc = freefunc
        self.headers, self.header_dirs = tuple(headers), tuple(header_dirs)
        self.libraries, self.lib_dirs = tuple(libraries), tuple(lib_dirs)
        self.compile_args, self.extra_support_code, self.version = tuple(compile_args), extra_support_code, version

    def _props(self) -> tuple:
        return tuple(getattr(self, p) for p in self.__props__)

    def __eq__(self, other: Any) -> bool:
        return type(self) is type(other) and self._props() == other._props()

    def __hash__(self) -> int:
        return hash((type(self),) + self._props())

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        if data is not None and not isinstance(data, _CAPSULE_TYPE):
            raise TypeError("CDataType(%s): expected None or a PyCapsule (a C pointer), got %s"
                            % (self.ctype, type(data).__name__))
        return data

    def __str__(self) -> str:
        return "%s{%s}" % (type(self).__name__, self.ctype)

    __repr__ = __str__


class Params(dict):
    """The values of a ParamsType's fields, read as attributes (params.a); immutable, hashable."""

    def __init__(self, params_type: "ParamsType", **kwargs: Any):
        if not isinstance(params_type, ParamsType):
            raise TypeError("Params: 1st constructor argument should be a ParamsType.")
        for field in params_type.fields:
            if field not in kwargs:
                raise TypeError('Params: ParamsType attribute "%s" not in Params args.' % field)
        dict.update(self, kwargs)
        self.__dict__.update(__params_type__=params_type, __signatures__=None)

    def __repr__(self) -> str:
        return "Params(%s)" % ", ".join("%s:%s:%s" % (k, type(self[k]).__name__, self[k]) for k in sorted(self.keys()))

    def __getattr__(self, key: str) -> Any:
        if key not in self:
            raise AttributeError('Params: attribute "%s" does not exist.' % key)
        return self[key]

    def __setattr__(self, key: str, value: Any) -> None:
        raise NotImplementedError("Params is immutable")

    def __setitem__(self, key: Any, value: Any) -> None:
        raise NotImplementedError("Params is immutable")

    def __delitem__(self, key: Any) -> None:
        raise NotImplementedError("Params is immutable")

    def __reduce__(self) -> Any:
        return (_rebuild_params, (self.__dict__["__params_type__"], dict(self)))

    def __hash__(self) -> int:
        pt = self.__dict__["__params_type__"]
        if self.__dict__["__signatures__"] is None:
            self.__dict__["__signatures__"] = tuple(_value_signature(t, self[f]) for f, t in zip(pt.fields, pt.types))
        return hash((type(self), pt) + self.__dict__["__signatures__"])

    def __eq__(self, other: Any) -> bool:
        pt = self.__dict__["__params_type__"]
        return (type(self) == type(other) and pt == other.__dict__["__params_type__"]
                and all(t.values_eq(self[f], other[f]) for f, t in zip(pt.fields, pt.types)))

    def __ne__(self, other: Any) -> bool:
        return not self.__eq__(other)


def _rebuild_params(params_type: "ParamsType", values: dict) -> Params:
    return Params(params_type, **values)


def _value_signature(t: Any, value: Any) -> Any:
    """A hashable stand-in of a field value (a constant's signature where the type makes constants)."""
    make_constant = getattr(t, "make_constant", None)
    if make_constant is not None:
        return make_constant(value).signature()
    try:
        hash(value)
        return value
    except TypeError:
        return id(value)


class ParamsType(Type):
    """A struct of typed fields, the params_type of an op with several parameters: ParamsType(a=Scalar('int32'),
    b=dmatrix). `get_params(op)` collects the fields from the op's attributes into a Params; the constants of the
    EnumTypes among the fields are attributes of the ParamsType itself."""

    def __init__(self, **kwargs: Any):
        if len(kwargs) == 0:
            raise ValueError("Cannot create ParamsType from empty data.")
        for name, t in kwargs.items():
            if not _IDENT.match(name):
                raise AttributeError('ParamsType: attribute "%s" should be a valid identifier.' % name)
            if name in _C_CPP_KEYWORDS:
                raise SyntaxError('ParamsType: "%s" is a potential C/C++ keyword and should not be used as attribute '
                                  "name." % name)
            if not isinstance(t, Type):
                raise TypeError('ParamsType: attribute "%s" should inherit from Theano Type, got "%s".'
                                % (name, type(t).__name__))
        self.length = len(kwargs)
        self.fields = tuple(sorted(kwargs.keys()))
        self.types = tuple(kwargs[f] for f in self.fields)
        self.name = self.generate_struct_name()
        const_to_enum: dict = {}
        alias_to_enum: dict = {}
        enums = [t for t in self.types if isinstance(t, EnumType)]
        if enums:
            if sum(len(t) for t in enums) != len({k for t in enums for k in t}):
                raise AttributeError("ParamsType: found different enum types with common constants names.")
            if sum(len(t.aliases) for t in enums) != len({a for t in enums for a in t.aliases}):
                raise AttributeError("ParamsType: found different enum types with common constants aliases.")
            all_enums = {e for t in enums for e in t}
            if [a for t in enums for a in t.aliases if a in all_enums]:
                raise AttributeError("ParamsType: found aliases that have same names as constants.")
            const_to_enum = {name: t for t in enums for name in t}
            alias_to_enum = {alias: t for t in enums for alias in t.aliases}
        self._const_to_enum = const_to_enum
        self._alias_to_enum = alias_to_enum

    def __getattr__(self, key: str) -> Any:
        table = self.__dict__.get("_const_to_enum", {})
        if key in table:
            return table[key][key]
        raise AttributeError("ParamsType has no attribute or enum constant %r" % key)

    def __repr__(self) -> str:
        return "ParamsType<%s>" % ", ".join("%s:%s" % (f, t) for f, t in zip(self.fields, self.types))

    __str__ = __repr__

    def __eq__(self, other: Any) -> bool:
        return type(self) == type(other) and self.fields == other.fields and self.types == other.types

    def __ne__(self, other: Any) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((type(self),) + self.fields + self.types)

    def generate_struct_name(self) -> str:
        fields_hex = hashlib.sha256(",".join(self.fields).encode("utf-8")).hexdigest()
        types_hex = hashlib.sha256(",".join(str(t) for t in self.types).encode("utf-8")).hexdigest()
        return "_Params_%s_%s" % (fields_hex, types_hex)

    def has_type(self, theano_type: Any) -> bool:
        return theano_type in self.types

    def get_type(self, field_name: str) -> Any:
        return self.types[self.fields.index(field_name)]

    def get_field(self, theano_type: Any) -> str:
        return self.fields[self.types.index(theano_type)]

    def get_enum(self, key: str) -> Any:
        return self._const_to_enum[key][key]

    def enum_from_alias(self, alias: str) -> Any:
        if alias in self._alias_to_enum:
            return self._alias_to_enum[alias].fromalias(alias)
        return self._const_to_enum[alias][alias]

    def get_params(self, *objects: Any, **kwargs: Any) -> Params:
        """A Params of the field values found as attributes of `objects` (later ones win), then in kwargs, each
        filtered (non-strict, downcast allowed) by its field's type."""
        values: dict = {}
        for obj in objects:
            for field in self.fields:
                try:
                    values[field] = getattr(obj, field)
                except Exception:  # noqa: BLE001 - Theano's: any object without the field is skipped
                    pass
        for field in self.fields:
            if field in kwargs:
                values[field] = kwargs[field]
        missing = [f for f in self.fields if f not in values]
        if missing:
            raise AttributeError("%r: no value found for the fields %s" % (self, missing))
        return Params(self, **{f: t.filter(values[f], strict=False, allow_downcast=True)
                               for f, t in zip(self.fields, self.types)})

    def extended(self, **kwargs: Any) -> "ParamsType":
        """A copy of this ParamsType with more (or replaced) fields."""
        fields = dict(zip(self.fields, self.types))
        fields.update(kwargs)
        return ParamsType(**fields)

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        """Check every field of `data` against its type (TypeError if one is refused); strict needs a Params."""
        if strict and not isinstance(data, Params):
            raise TypeError("%s: strict mode: data should be an instance of Params." % self)
        filtered = {f: t.filter(getattr(data, f), strict, allow_downcast) for f, t in zip(self.fields, self.types)}
        return data if (strict or isinstance(data, Params)) else Params(self, **filtered)

    def values_eq(self, a: Any, b: Any) -> bool:
        return all(t.values_eq(getattr(a, f), getattr(b, f)) for f, t in zip(self.fields, self.types))

    def values_eq_approx(self, a: Any, b: Any) -> bool:
        return all(t.values_eq_approx(getattr(a, f), getattr(b, f)) for f, t in zip(self.fields, self.types))
