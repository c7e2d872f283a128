"""Front-end forms of learning: what a learner's request carries, read through a form.

The admin's forms (assignments, external completions, exemptions) are in
``learning.admin_forms``, next to the viewsets that use them.
"""

from django import forms


class AttemptParameterForm(forms.Form):
    """``?versuch=`` of a module page: the quiz attempt whose result is shown.

    Read through a form because the address can be edited: ``"²".isdigit()`` is true,
    yet no database takes it as an id.
    """

    versuch = forms.IntegerField(min_value=1)
